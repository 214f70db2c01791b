//! Sessions live in the database the app uses, so any app server can serve any request.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::{ExpiredDeletion, SessionStore, session_store};
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

use app::db::Db;

#[derive(Clone, Debug)]
pub enum DbSessionStore {
    Sqlite(SqliteStore),
    Postgres(PostgresStore),
}

macro_rules! each {
    ($s:expr, $st:ident => $e:expr) => {
        match $s {
            DbSessionStore::Sqlite($st) => $e,
            DbSessionStore::Postgres($st) => $e,
        }
    };
}

impl DbSessionStore {
    /// A store on the same pool as the app, with its table created if missing.
    pub async fn for_db(db: &Db) -> Result<DbSessionStore, sqlx::Error> {
        let store = match db {
            Db::Sqlite(pool) => DbSessionStore::Sqlite(SqliteStore::new(pool.clone())),
            Db::Postgres(pool) => DbSessionStore::Postgres(PostgresStore::new(pool.clone())),
        };
        each!(&store, s => s.migrate().await)?;
        Ok(store)
    }
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        each!(self, s => s.create(record).await)
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        each!(self, s => s.save(record).await)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        each!(self, s => s.load(id).await)
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        each!(self, s => s.delete(id).await)
    }
}

#[async_trait]
impl ExpiredDeletion for DbSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        each!(self, s => s.delete_expired().await)
    }
}
