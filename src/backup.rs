//! `renkei backup` and `renkei restore`.
//!
//! SQLite: the backup is a consistent copy taken while the server runs (`VACUUM INTO`, which reads
//! one snapshot of the database, the queue tables included); restoring copies it into a
//! database file that does not exist yet.
//!
//! PostgreSQL: `pg_dump --format=custom` and `pg_restore` (from the PostgreSQL client packages,
//! the same major version as the server), into an empty database. The operator may as well run
//! them by hand; the commands below are what this runs.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use crate::db::{Backend, sqlite_path};

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

fn quoted(path: &Path) -> anyhow::Result<String> {
    let s = path
        .to_str()
        .context("the backup path must be valid UTF-8")?;
    Ok(format!("'{}'", s.replace('\'', "''")))
}

/// Writes a backup of the database at `url` to `dest` (which must not exist yet).
pub fn backup(url: &str, dest: &Path) -> anyhow::Result<()> {
    if dest.exists() {
        bail!("{} already exists: choose a new file name", dest.display());
    }
    match Backend::from_url(url).map_err(anyhow::Error::msg)? {
        Backend::Sqlite => {
            let mut conn = SqliteConnection::establish(sqlite_path(url))?;
            diesel::sql_query("PRAGMA busy_timeout = 10000").execute(&mut conn)?;
            diesel::sql_query(format!("VACUUM INTO {}", quoted(dest)?))
                .execute(&mut conn)
                .context("VACUUM INTO")?;
            Ok(())
        }
        Backend::Postgres => run(Command::new("pg_dump")
            .arg("--format=custom")
            .arg("--no-owner")
            .arg("--file")
            .arg(dest)
            .arg("--dbname")
            .arg(url)),
    }
}

/// Restores the backup `src` into the database at `url`, which must be empty.
pub fn restore(src: &Path, url: &str) -> anyhow::Result<()> {
    if !src.is_file() {
        bail!("{}: no such backup file", src.display());
    }
    match Backend::from_url(url).map_err(anyhow::Error::msg)? {
        Backend::Sqlite => {
            let target = Path::new(sqlite_path(url));
            if target.exists() && std::fs::metadata(target)?.len() > 0 {
                bail!(
                    "{} already exists: restore into a new file, then point database_url at it",
                    target.display()
                );
            }
            let mut conn = SqliteConnection::establish(&src.to_string_lossy())?;
            let check: Vec<String> = diesel::sql_query("PRAGMA integrity_check")
                .load::<IntegrityRow>(&mut conn)?
                .into_iter()
                .map(|r| r.integrity_check)
                .collect();
            if check != ["ok"] {
                bail!("the backup fails SQLite's integrity check: {check:?}");
            }
            if target.exists() {
                std::fs::remove_file(target)?;
            }
            diesel::sql_query(format!("VACUUM INTO {}", quoted(target)?))
                .execute(&mut conn)
                .context("VACUUM INTO")?;
            Ok(())
        }
        Backend::Postgres => {
            let mut conn = PgConnection::establish(url)?;
            let tables: Count = diesel::sql_query(
                "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'",
            )
            .get_result(&mut conn)?;
            if tables.n > 0 {
                bail!(
                    "the target database is not empty: create a new database and restore into it"
                );
            }
            run(Command::new("pg_restore")
                .arg("--no-owner")
                .arg("--exit-on-error")
                .arg("--dbname")
                .arg(url)
                .arg(src))
        }
    }
}

#[derive(QueryableByName)]
struct IntegrityRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

fn run(cmd: &mut Command) -> anyhow::Result<()> {
    let name = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .output()
        .with_context(|| format!("{name} could not be started (install the PostgreSQL client)"))?;
    if !out.status.success() {
        bail!(
            "{name} failed ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    Ok(())
}
