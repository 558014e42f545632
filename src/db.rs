//! The database: one connection type over SQLite (embedded default) and PostgreSQL, an r2d2
//! pool, embedded migrations per backend, and the write-transaction helper every change uses.

use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Sqlite(SqliteConnection),
    Pg(PgConnection),
}

pub type DbPool = r2d2::Pool<Manager>;
pub type PooledConn = r2d2::PooledConnection<Manager>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend, String> {
        if url.starts_with("sqlite://") || url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            Err(format!(
                "unsupported database URL {:?}: use sqlite://path or postgres://…",
                redact_url(url)
            ))
        }
    }
}

/// The file path inside a `sqlite://` URL.
pub fn sqlite_path(url: &str) -> &str {
    url.strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url)
}

/// A URL safe to print: the password, if any, is replaced.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("****"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

/// Opens connections by URL scheme. SQLite connections get WAL, foreign keys and a busy timeout.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
    backend: Backend,
}

impl Manager {
    pub fn new(url: &str) -> Result<Manager, String> {
        Ok(Manager {
            url: url.to_string(),
            backend: Backend::from_url(url)?,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("{0}")]
    Connection(#[from] diesel::ConnectionError),
    #[error("{0}")]
    Query(#[from] diesel::result::Error),
}

impl ManageConnection for Manager {
    type Connection = DbConnection;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConnection, ConnectError> {
        match self.backend {
            Backend::Sqlite => {
                let path = sqlite_path(&self.url);
                if let Some(parent) = std::path::Path::new(path).parent()
                    && !parent.as_os_str().is_empty()
                {
                    let _ = std::fs::create_dir_all(parent);
                }
                let mut conn = SqliteConnection::establish(path)?;
                diesel::sql_query("PRAGMA busy_timeout = 10000").execute(&mut conn)?;
                diesel::sql_query("PRAGMA journal_mode = WAL").execute(&mut conn)?;
                diesel::sql_query("PRAGMA synchronous = NORMAL").execute(&mut conn)?;
                diesel::sql_query("PRAGMA foreign_keys = ON").execute(&mut conn)?;
                Ok(DbConnection::Sqlite(conn))
            }
            Backend::Postgres => Ok(DbConnection::Pg(PgConnection::establish(&self.url)?)),
        }
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), ConnectError> {
        diesel::sql_query("SELECT 1").execute(conn)?;
        Ok(())
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        // A connection left inside a transaction (a panic mid-request) must not be reused.
        match conn {
            DbConnection::Sqlite(c) => in_transaction(c),
            DbConnection::Pg(c) => in_transaction(c),
        }
    }
}

fn in_transaction<C>(conn: &mut C) -> bool
where
    C: Connection<TransactionManager = AnsiTransactionManager>,
{
    !matches!(
        AnsiTransactionManager::transaction_manager_status_mut(conn).transaction_depth(),
        Ok(None)
    )
}

/// Builds the pool and checks that the database answers, so start-up fails loudly and early.
pub fn connect(url: &str, size: u32) -> anyhow::Result<DbPool> {
    let manager = Manager::new(url).map_err(anyhow::Error::msg)?;
    let pool = r2d2::Pool::builder()
        .max_size(size)
        // Connections are local and `has_broken` catches the ones left mid-transaction; a
        // test query on every checkout would double the queries of a page.
        .test_on_check_out(false)
        .connection_timeout(Duration::from_secs(10))
        .build(manager)
        .map_err(|e| anyhow::anyhow!("cannot connect to the database {}: {e}", redact_url(url)))?;
    Ok(pool)
}

/// Applies the pending migrations of the connection's backend. (Named so as not to clash with
/// diesel's own `run_migrations`.)
pub fn migrate_database(conn: &mut DbConnection) -> anyhow::Result<Vec<String>> {
    let applied = match conn {
        DbConnection::Sqlite(c) => c
            .run_pending_migrations(SQLITE_MIGRATIONS)
            .map(|v| v.iter().map(|m| m.to_string()).collect()),
        DbConnection::Pg(c) => c
            .run_pending_migrations(POSTGRES_MIGRATIONS)
            .map(|v| v.iter().map(|m| m.to_string()).collect()),
    };
    applied.map_err(|e| anyhow::anyhow!("migration failed: {e}"))
}

/// Takes back the newest migration (its down.sql): for tests of a data migration.
pub fn revert_last_migration(conn: &mut DbConnection) -> anyhow::Result<String> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c
            .revert_last_migration(SQLITE_MIGRATIONS)
            .map(|m| m.to_string()),
        DbConnection::Pg(c) => c
            .revert_last_migration(POSTGRES_MIGRATIONS)
            .map(|m| m.to_string()),
    };
    reverted.map_err(|e| anyhow::anyhow!("revert failed: {e}"))
}

/// Whether the database still has migrations to apply (a web process refuses to start on a
/// half-migrated database rather than failing on the first request).
pub fn pending_migrations(conn: &mut DbConnection) -> anyhow::Result<usize> {
    let n = match conn {
        DbConnection::Sqlite(c) => c.pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
        DbConnection::Pg(c) => c.pending_migrations(POSTGRES_MIGRATIONS).map(|v| v.len()),
    };
    n.map_err(|e| anyhow::anyhow!("cannot read migration state: {e}"))
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Sqlite(_) => Backend::Sqlite,
            DbConnection::Pg(_) => Backend::Postgres,
        }
    }
}

/// Runs `f` in a write transaction. On SQLite the transaction starts with `BEGIN IMMEDIATE`, so
/// two writers queue on the busy timeout instead of failing when a read lock is upgraded.
pub fn write_tx<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let nested = match conn {
        DbConnection::Sqlite(c) => in_transaction(c),
        DbConnection::Pg(c) => in_transaction(c),
    };
    if nested {
        // Already inside a transaction: a savepoint, so the caller's transaction decides.
        return conn.transaction(f);
    }
    if let DbConnection::Sqlite(c) = conn {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?;
        let result = f(conn);
        let DbConnection::Sqlite(c) = conn else {
            unreachable!("the connection variant cannot change")
        };
        match result {
            Ok(v) => {
                if let Err(e) = AnsiTransactionManager::commit_transaction(c) {
                    let _ = AnsiTransactionManager::rollback_transaction(c);
                    return Err(e.into());
                }
                Ok(v)
            }
            Err(e) => {
                AnsiTransactionManager::rollback_transaction(c)?;
                Err(e)
            }
        }
    } else {
        conn.transaction(f)
    }
}

/// Runs several reads as one. On SQLite: one deferred read transaction, so the reads see one
/// snapshot and take the WAL read lock once instead of once per statement (a page of the 連絡帳
/// makes a dozen small queries). On PostgreSQL, and inside a transaction, `f` runs as it is.
pub fn read_tx<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let DbConnection::Sqlite(c) = conn else {
        return f(conn);
    };
    if in_transaction(c) {
        return f(conn);
    }
    AnsiTransactionManager::begin_transaction_sql(c, "BEGIN")?;
    let result = f(conn);
    let DbConnection::Sqlite(c) = conn else {
        unreachable!("the connection variant cannot change")
    };
    // Nothing was written: ending the transaction either way releases the snapshot.
    let ended = match &result {
        Ok(_) => AnsiTransactionManager::commit_transaction(c),
        Err(_) => AnsiTransactionManager::rollback_transaction(c),
    };
    if let Err(e) = ended {
        let _ = AnsiTransactionManager::rollback_transaction(c);
        if result.is_ok() {
            return Err(e.into());
        }
    }
    result
}

/// The id of the row this connection inserted last (SQLite `last_insert_rowid()`, PostgreSQL
/// `lastval()`): both are per connection, so a concurrent insert elsewhere never answers.
/// Call it right after the insert, inside the same transaction.
pub fn last_insert_id(conn: &mut DbConnection) -> QueryResult<i64> {
    use diesel::dsl::sql;
    use diesel::sql_types::BigInt;
    match conn {
        DbConnection::Sqlite(c) => {
            diesel::select(sql::<BigInt>("last_insert_rowid()")).get_result(c)
        }
        DbConnection::Pg(c) => diesel::select(sql::<BigInt>("lastval()")).get_result(c),
    }
}
