//! The `renkei` command line: serve, worker, migrate, seeds, the administrator bootstrap, audit
//! verification. Messages here are in English (operators' terminal); the UI is Japanese.

use std::sync::Arc;

use actix_web::web;
use clap::{Parser, Subcommand, ValueEnum};

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{self, Backend, DbPool};
use crate::http::AppState;
use crate::models::audit::{Actor, AuditRecord};
use crate::models::{Role, User};
use crate::services::accounts::{
    AccountRequest, StopOutcome, create_pending_account, ensure_offices, stop_account,
};

#[derive(Debug, Parser)]
#[command(
    name = "renkei",
    version,
    about = "renkei (連携): a municipal care-coordination service"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (and, on the embedded SQLite default, the worker in the same process).
    Serve {
        /// First create the demo municipality (idempotent) and print how to log in.
        #[arg(long)]
        demo: bool,
    },
    /// Run the background worker (mail, letters).
    Worker,
    /// Apply database and queue migrations, then exit.
    Migrate,
    /// Create the demo municipality (idempotent) and print how to log in.
    SeedDemo,
    /// Add bulk data for benchmarks.
    SeedScale {
        #[arg(long, default_value_t = 100)]
        organisations: usize,
        #[arg(long, default_value_t = 1000)]
        users: usize,
        #[arg(long, default_value_t = 10000)]
        audit_rows: usize,
        /// Inter-professional rooms to create (for the timeline benchmark).
        #[arg(long, default_value_t = 0)]
        rooms: usize,
        /// Posts spread over those rooms, `big_room_posts` of them in the first one.
        #[arg(long, default_value_t = 0)]
        posts: usize,
        #[arg(long, default_value_t = 0)]
        big_room_posts: usize,
        /// Entries of vitals over the last 90 days in the demo patient room (graph benchmark).
        #[arg(long, default_value_t = 0)]
        vitals: usize,
    },
    /// Administrator accounts (bootstrap the first clerks, stop an account).
    #[command(subcommand)]
    Admin(AdminCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Print the current second-factor code of a demo account (demo accounts only).
    DemoCode { login_id: String },
    /// Write a consistent backup of the database to FILE (SQLite: while the server runs;
    /// PostgreSQL: pg_dump's custom format).
    Backup { file: std::path::PathBuf },
    /// Restore a backup FILE into the (new, empty) database that `database_url` names.
    Restore { file: std::path::PathBuf },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Office {
    /// S管理者 (the city)
    City,
    /// 管理者 (the doctors' association)
    Association,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a clerk account for one of the two offices; prints its one-time 認証コード.
    Create {
        #[arg(long, value_enum)]
        office: Office,
        #[arg(long)]
        login_id: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        kana: String,
        #[arg(long, default_value = "")]
        email: String,
    },
    /// Stop an account at once (lost device, leaked password).
    Stop {
        #[arg(long)]
        login_id: String,
        #[arg(long, default_value = "stopped from the command line")]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the hash chain; exits non-zero if a row was changed, removed or inserted.
    Verify,
}

fn cli_actor() -> Actor {
    Actor {
        user_id: None,
        login: std::env::var("USER").unwrap_or_else(|_| "cli".into()),
        role: "operator".into(),
        ip: "cli".into(),
    }
}

fn open_pool(settings: &Settings, size: u32) -> anyhow::Result<DbPool> {
    db::connect(&settings.database_url, size)
}

/// Migrations, run by `migrate` and by `serve` on the embedded default.
pub async fn migrate(settings: &Settings, pool: &DbPool) -> anyhow::Result<()> {
    let p = pool.clone();
    let applied = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<String>> {
        let mut conn = p.get()?;
        db::migrate_database(&mut conn)
    })
    .await??;
    for m in &applied {
        tracing::info!("applied migration {m}");
    }
    crate::worker::setup_queue(settings).await?;
    Ok(())
}

pub async fn run(cli: Cli, settings: Settings) -> anyhow::Result<()> {
    let settings = Arc::new(settings);
    let clock = Clock::system();
    match cli.command {
        Command::Serve { demo } => {
            let workers = std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(2) as u32;
            let pool = open_pool(&settings, (workers * 4).max(8))?;
            let backend = Backend::from_url(&settings.database_url).map_err(anyhow::Error::msg)?;
            if backend == Backend::Sqlite {
                migrate(&settings, &pool).await?;
            } else {
                let p = pool.clone();
                let pending = tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
                    db::pending_migrations(&mut *p.get()?)
                })
                .await??;
                if pending > 0 {
                    anyhow::bail!(
                        "the database has {pending} pending migration(s): run `renkei migrate` first"
                    );
                }
            }
            if demo {
                let (p, s) = (pool.clone(), settings.clone());
                let created = tokio::task::spawn_blocking(move || {
                    crate::seed::seed_demo(&mut *p.get()?, &s, chrono::Utc::now().naive_utc())
                })
                .await??;
                print_demo_help(&settings, &created);
            }
            let worker = if settings.worker_in_process() {
                let (s, p, c) = (settings.clone(), pool.clone(), clock.clone());
                Some(tokio::spawn(async move {
                    if let Err(e) = crate::worker::run(s, p, c, crate::worker::termination()).await
                    {
                        tracing::error!("in-process worker failed: {e:#}");
                        eprintln!("renkei: in-process worker failed: {e:#}");
                        std::process::exit(1);
                    }
                }))
            } else {
                None
            };
            let state = web::Data::new(AppState::new(pool, settings.clone(), clock));
            crate::http::serve(state).await?;
            if let Some(w) = worker {
                let _ = w.await;
            }
            Ok(())
        }
        Command::Worker => {
            let pool = open_pool(&settings, 8)?;
            crate::worker::run(settings, pool, clock, crate::worker::termination()).await
        }
        Command::Backup { file } => {
            let url = settings.database_url.clone();
            let f = file.clone();
            tokio::task::spawn_blocking(move || crate::backup::backup(&url, &f)).await??;
            println!(
                "renkei: backup of {} written to {}",
                db::redact_url(&settings.database_url),
                file.display()
            );
            Ok(())
        }
        Command::Restore { file } => {
            let url = settings.database_url.clone();
            let f = file.clone();
            tokio::task::spawn_blocking(move || crate::backup::restore(&f, &url)).await??;
            println!(
                "renkei: {} restored into {}; run `renkei migrate` if it came from an older release",
                file.display(),
                db::redact_url(&settings.database_url)
            );
            Ok(())
        }
        Command::Migrate => {
            let pool = open_pool(&settings, 2)?;
            migrate(&settings, &pool).await?;
            println!(
                "renkei: database is up to date ({})",
                db::redact_url(&settings.database_url)
            );
            Ok(())
        }
        Command::SeedDemo => {
            let pool = open_pool(&settings, 2)?;
            migrate(&settings, &pool).await?;
            let s = settings.clone();
            let created = tokio::task::spawn_blocking(move || {
                crate::seed::seed_demo(&mut *pool.get()?, &s, clock.now())
            })
            .await??;
            print_demo_help(&settings, &created);
            Ok(())
        }
        Command::SeedScale {
            organisations,
            users,
            audit_rows,
            rooms,
            posts,
            big_room_posts,
            vitals,
        } => {
            let pool = open_pool(&settings, 2)?;
            migrate(&settings, &pool).await?;
            let s = settings.clone();
            tokio::task::spawn_blocking(move || {
                crate::seed::seed_scale(
                    &mut *pool.get()?,
                    &s,
                    organisations,
                    users,
                    audit_rows,
                    clock.now(),
                )?;
                crate::seed::seed_scale_rooms(
                    &mut *pool.get()?,
                    rooms,
                    posts,
                    big_room_posts,
                    clock.now(),
                )?;
                crate::seed::seed_scale_vitals(&mut *pool.get()?, vitals, clock.now())
            })
            .await??;
            println!(
                "renkei: added {organisations} organisations, {users} users (scale-user-N, demo password), {audit_rows} audit rows, {rooms} rooms, {posts} posts, {vitals} vitals"
            );
            Ok(())
        }
        Command::Admin(AdminCommand::Create {
            office,
            login_id,
            name,
            kana,
            email,
        }) => {
            let pool = open_pool(&settings, 2)?;
            migrate(&settings, &pool).await?;
            let s = settings.clone();
            let issued = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
                let mut conn = pool.get()?;
                let now = clock.now();
                let login_id = crate::domain::text::normalise_identifier(&login_id);
                if login_id.is_empty() || name.trim().is_empty() {
                    anyhow::bail!("--login-id and --name must not be empty");
                }
                if User::find_by_login(&mut conn, &login_id)?.is_some() {
                    anyhow::bail!("an account with login ID {login_id:?} already exists");
                }
                let (city, association) = ensure_offices(&mut conn, &s.municipality, now)?;
                let (org, role) = match office {
                    Office::City => (city, Role::CityAdmin),
                    Office::Association => (association, Role::AssociationAdmin),
                };
                let issued = create_pending_account(
                    &mut conn,
                    &AccountRequest {
                        login_id: &login_id,
                        display_name: name.trim(),
                        kana: kana.trim(),
                        organisation_id: org,
                        profession: "clerk",
                        role,
                        is_org_manager: false,
                        email: email.trim(),
                    },
                    &cli_actor(),
                    s.accounts.activation_code_valid_days,
                    now,
                )?;
                Ok((login_id, issued))
            })
            .await??;
            let (login_id, issued) = issued;
            println!("Created administrator account {login_id:?}.");
            println!(
                "One-time 認証コード: {}  (valid until {} UTC; shown only now)",
                issued.activation_code,
                issued.expires_at.format("%Y-%m-%d %H:%M")
            );
            println!(
                "First login: open {}/activate, enter the login ID and this code,",
                settings.http.public_url
            );
            println!("register an authenticator app (TOTP), then choose a password.");
            Ok(())
        }
        Command::Admin(AdminCommand::Stop { login_id, reason }) => {
            let pool = open_pool(&settings, 2)?;
            let outcome = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
                let mut conn = pool.get()?;
                let Some(user) = User::find_by_login(&mut conn, &login_id)? else {
                    return Ok(StopOutcome::NotFound);
                };
                Ok(stop_account(
                    &mut conn,
                    user.id,
                    &reason,
                    &cli_actor(),
                    Some(&settings),
                    clock.now(),
                )?)
            })
            .await??;
            match outcome {
                StopOutcome::Stopped { sessions_ended } => {
                    println!("Account stopped; {sessions_ended} open session(s) ended.");
                    Ok(())
                }
                StopOutcome::AlreadyStopped => {
                    anyhow::bail!("the account was already stopped; nothing changed")
                }
                StopOutcome::NotFound => anyhow::bail!("no account with that login ID"),
            }
        }
        Command::Audit(AuditCommand::Verify) => {
            let pool = open_pool(&settings, 2)?;
            let (audit, access) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
                let mut conn = pool.get()?;
                Ok((
                    AuditRecord::verify(&mut conn)?,
                    crate::models::access::AccessRecord::verify(&mut conn)?,
                ))
            })
            .await??;
            let mut broken = 0;
            for (name, report) in [("audit trail", &audit), ("access log", &access)] {
                if report.problems.is_empty() {
                    println!("{name} intact: {} rows verified", report.rows);
                } else {
                    for p in &report.problems {
                        println!("TAMPERED ({name}): {p}");
                    }
                    broken += report.problems.len();
                }
            }
            if broken == 0 {
                Ok(())
            } else {
                anyhow::bail!(
                    "verification failed: {broken} problem(s) in {} audit and {} access rows",
                    audit.rows,
                    access.rows
                )
            }
        }
        Command::DemoCode { login_id } => {
            let pool = open_pool(&settings, 1)?;
            let user = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
                Ok(User::find_by_login(&mut *pool.get()?, &login_id)?)
            })
            .await??;
            match user {
                Some(u) if u.is_demo => {
                    let now = chrono::Utc::now().timestamp() as u64;
                    println!(
                        "{}",
                        crate::services::auth::totp_code_at(crate::seed::DEMO_TOTP_SECRET, now)
                    );
                    Ok(())
                }
                _ => anyhow::bail!("demo-code only works for demo accounts"),
            }
        }
    }
}

fn print_demo_help(settings: &Settings, created: &[String]) {
    if created.is_empty() {
        println!("Demo data already present; nothing added.");
    } else {
        println!("Demo accounts created: {}", created.join(", "));
    }
    println!();
    println!("Log in at {}/login", settings.http.public_url);
    println!("  login IDs : city-admin (S管理者), assoc-admin (管理者), dr-tanaka, ns-suzuki,");
    println!("              pt-watanabe, ph-sato, cm-takahashi, hh-ito");
    println!("  password  : {}", crate::seed::DEMO_PASSWORD);
    println!(
        "  2nd factor: TOTP secret {} (add it to an authenticator app),",
        crate::seed::DEMO_TOTP_SECRET
    );
    println!("              or print the current code with: renkei demo-code city-admin");
    println!(
        "First login with a 認証コード: {}/activate  login ID {}  code {}",
        settings.http.public_url,
        crate::seed::DEMO_PENDING_LOGIN,
        crate::seed::DEMO_ACTIVATION_CODE
    );
}
