//! The SQLite and PostgreSQL migrations describe the same tables and columns.

use std::collections::BTreeSet;

use crate::common::{Backend, fresh_db};
use app::db::Db;

async fn columns(db: &Db) -> BTreeSet<(String, String)> {
    let rows: Vec<(String, String)> = match db {
        Db::Sqlite(pool) => sqlx::query_as(
            "SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '_sqlx%' AND m.name <> 'tower_sessions'",
        )
        .fetch_all(pool)
        .await
        .expect("sqlite columns"),
        Db::Postgres(pool) => sqlx::query_as(
            "SELECT table_name::text, column_name::text FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name NOT LIKE '_sqlx%'",
        )
        .fetch_all(pool)
        .await
        .expect("postgres columns"),
    };
    rows.into_iter().collect()
}

#[tokio::test]
async fn both_schemas_have_the_same_tables_and_columns() {
    let sqlite = columns(&fresh_db(Backend::Sqlite).await).await;
    let postgres = columns(&fresh_db(Backend::Postgres).await).await;
    assert!(sqlite.len() > 20, "the schema was not migrated: {sqlite:?}");
    let only_sqlite: Vec<_> = sqlite.difference(&postgres).collect();
    let only_postgres: Vec<_> = postgres.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_postgres.is_empty(),
        "only in SQLite: {only_sqlite:?}; only in PostgreSQL: {only_postgres:?}"
    );
}

#[tokio::test]
async fn migrating_twice_is_harmless() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let db = fresh_db(backend).await;
        db.migrate().await.expect("second migration run");
    }
}
