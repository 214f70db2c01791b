//! One binary, two databases. `DATABASE_URL` picks SQLite (embedded default) or PostgreSQL.
//! Queries are written once in portable SQL with `$1` placeholders and run on either pool
//! through [`on_db!`], which monomorphises the same code for both drivers.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to the concrete pool of either database.
#[macro_export]
macro_rules! on_db {
    ($db:expr, $pool:ident => $body:expr) => {
        match $db {
            $crate::db::Db::Sqlite($pool) => $body,
            $crate::db::Db::Postgres($pool) => $body,
        }
    };
}

/// Runs a statement written once for both databases; yields the number of rows it touched.
#[macro_export]
macro_rules! execute {
    ($db:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::on_db!($db, p => sqlx::query($sql)$(.bind($arg))*.execute(p).await.map(|r| r.rows_affected()))
    };
}

/// Reads every row of a query written once for both databases, each into a `FromRow` type.
#[macro_export]
macro_rules! fetch_all {
    ($db:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::on_db!($db, p => sqlx::query_as($sql)$(.bind($arg))*.fetch_all(p).await)
    };
}

/// Reads the row a query finds, if it finds one, into a `FromRow` type.
#[macro_export]
macro_rules! fetch_optional {
    ($db:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::on_db!($db, p => sqlx::query_as($sql)$(.bind($arg))*.fetch_optional(p).await)
    };
}

/// Reads the one row a query must find into a `FromRow` type.
#[macro_export]
macro_rules! fetch_one {
    ($db:expr, $sql:expr $(, $arg:expr)* $(,)?) => {
        $crate::on_db!($db, p => sqlx::query_as($sql)$(.bind($arg))*.fetch_one(p).await)
    };
}

/// Begins a transaction that writes. On SQLite it takes the write lock up front
/// (`BEGIN IMMEDIATE`): a deferred transaction that reads first and writes later cannot wait
/// for a concurrent writer and fails with "database is locked" instead. PostgreSQL's row locks
/// already make writers wait, so a plain `BEGIN` is enough there.
pub trait WritePool {
    type Database: sqlx::Database;

    fn begin_write(
        &self,
    ) -> impl std::future::Future<
        Output = Result<sqlx::Transaction<'static, Self::Database>, sqlx::Error>,
    > + Send;
}

impl WritePool for SqlitePool {
    type Database = sqlx::Sqlite;

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.begin_with("BEGIN IMMEDIATE").await
    }
}

impl WritePool for PgPool {
    type Database = sqlx::Postgres;

    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.begin().await
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("DATABASE_URL must start with sqlite: or postgres:, got {0:?}")]
    UnknownScheme(String),
    #[error("cannot create the database folder {0}: {1}")]
    Folder(String, std::io::Error),
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl Db {
    /// Connects and brings the schema up to date.
    pub async fn connect(url: &str) -> Result<Db, DbSetupError> {
        let db = if url.starts_with("sqlite:") {
            Db::Sqlite(connect_sqlite(url).await?)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Db::Postgres(
                PgPoolOptions::new()
                    .max_connections(10)
                    .acquire_timeout(Duration::from_secs(10))
                    .connect(url)
                    .await?,
            )
        } else {
            return Err(DbSetupError::UnknownScheme(url.to_owned()));
        };
        db.migrate().await?;
        Ok(db)
    }

    pub async fn migrate(&self) -> Result<(), sqlx::migrate::MigrateError> {
        match self {
            Db::Sqlite(pool) => sqlx::migrate!("../migrations/sqlite").run(pool).await,
            Db::Postgres(pool) => sqlx::migrate!("../migrations/postgres").run(pool).await,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Db::Sqlite(_) => "sqlite",
            Db::Postgres(_) => "postgres",
        }
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite(pool) => pool.close().await,
            Db::Postgres(pool) => pool.close().await,
        }
    }

    /// A cheap round trip, for `/health`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        execute!(self, "SELECT 1").map(|_| ())
    }
}

async fn connect_sqlite(url: &str) -> Result<SqlitePool, DbSetupError> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        // Writers queue for the lock; under a burst the queue can be a few seconds long.
        .busy_timeout(Duration::from_secs(30))
        // SQLite runs on its own thread and hands each row over a channel. A page reads a few
        // hundred rows; with room for them all, the thread never waits for the page to catch
        // up, which costs a pair of thread switches per row beyond the 50 sqlx allows.
        .row_buffer_size(1024);
    if let Some(parent) = Path::new(options.get_filename()).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| DbSetupError::Folder(parent.display().to_string(), e))?;
    }
    Ok(SqlitePoolOptions::new()
        .max_connections(8)
        // A file connection cannot be hung up on, so sqlx's ping before every acquire only
        // wakes the connection's thread twice per query.
        .test_before_acquire(false)
        .connect_with(options)
        .await?)
}

#[cfg(test)]
mod tests {
    /// Every write transaction goes through [`super::WritePool::begin_write`]: a plain
    /// `begin()` on SQLite would read first and fail under concurrent writers.
    #[test]
    fn no_transaction_begins_without_taking_the_write_lock() {
        fn visit(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    visit(&path, found);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("source file");
                    for (n, line) in text.lines().enumerate() {
                        if line.contains(".begin().await") && !line.contains("self.begin()") {
                            found.push(format!("{}:{}", path.display(), n + 1));
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        visit(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        assert!(found.is_empty(), "plain begin() in {found:?}");
    }
}
