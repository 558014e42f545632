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
        Backend::Postgres => {
            let (url, password) = without_password(url)?;
            let mut cmd = Command::new("pg_dump");
            cmd.arg("--format=custom")
                .arg("--no-owner")
                .arg("--file")
                .arg(dest)
                .arg("--dbname")
                .arg(url);
            run(with_password(&mut cmd, password))
        }
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
            for side in ["-wal", "-shm", "-journal"] {
                let mut p = target.as_os_str().to_owned();
                p.push(side);
                if Path::new(&p).exists() {
                    bail!(
                        "{} exists beside the target: a database was used there; restore into a new file",
                        Path::new(&p).display()
                    );
                }
            }
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
            // Every relation outside the system schemas, whoever may read it.
            let tables: Count = diesel::sql_query(
                "SELECT count(*) AS n FROM pg_catalog.pg_class c \
                 JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
                 WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') \
                 AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') \
                 AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'",
            )
            .get_result(&mut conn)?;
            if tables.n > 0 {
                bail!(
                    "the target database is not empty: create a new database and restore into it"
                );
            }
            let (url, password) = without_password(url)?;
            let mut cmd = Command::new("pg_restore");
            cmd.arg("--no-owner")
                .arg("--exit-on-error")
                .arg("--dbname")
                .arg(url)
                .arg(src);
            run(with_password(&mut cmd, password))
        }
    }
}

#[derive(QueryableByName)]
struct IntegrityRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

/// The URL without its password, and the password: pg_dump and pg_restore get it through their
/// environment (PGPASSWORD), not on a command line other local users can read.
fn without_password(url: &str) -> anyhow::Result<(String, Option<String>)> {
    let mut u = url::Url::parse(url).context("database URL")?;
    let password = u.password().map(|p| {
        // Percent-decoded (a "+" in a URL password is a plus, not a space).
        url::form_urlencoded::parse(format!("p={}", p.replace('+', "%2B")).as_bytes())
            .next()
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    });
    if password.is_some() {
        let _ = u.set_password(None);
    }
    Ok((u.to_string(), password))
}

fn with_password(cmd: &mut Command, password: Option<String>) -> &mut Command {
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    cmd
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
