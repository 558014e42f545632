//! The `renkei` command line: serve, worker, migrate, seeds, the administrator bootstrap, audit
//! verification. Messages here are in English (operators' terminal); the UI is Japanese.
//! Here: the commands and their arguments, and `run`, which hands each to its function —
//! `serve`, `database` (migrate, backup, restore), `seeds` (seed-demo, seed-scale, demo-code)
//! and `admin` (admin create and stop, audit verify).

mod admin;
mod database;
mod seeds;
mod serve;

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
    AccountRequest, StopOutcome, create_pending_account, ensure_area_office, ensure_offices,
    stop_account,
};

pub use database::migrate;

use admin::{NewClerk, admin_create, admin_stop, audit_verify};
use database::{backup, migrate_command, restore};
use seeds::{ScaleCounts, demo_code, print_demo_help, seed_demo, seed_scale};
use serve::{serve, worker};

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
    /// Create a clerk account for one of the offices; prints its one-time 認証コード.
    Create {
        #[arg(long, value_enum)]
        office: Office,
        /// With `--office association`: the area office (`municipality.area_offices`' code)
        /// instead of the main one.
        #[arg(long)]
        area: Option<String>,
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

fn open_pool(settings: &Settings, size: u32) -> anyhow::Result<DbPool> {
    db::connect(&settings.database_url, size)
}

pub async fn run(cli: Cli, settings: Settings) -> anyhow::Result<()> {
    let settings = Arc::new(settings);
    let clock = Clock::system();
    match cli.command {
        Command::Serve { demo } => serve(settings, clock, demo).await,
        Command::Worker => worker(settings, clock).await,
        Command::Backup { file } => backup(settings, file).await,
        Command::Restore { file } => restore(settings, file).await,
        Command::Migrate => migrate_command(settings).await,
        Command::SeedDemo => seed_demo(settings, clock).await,
        Command::SeedScale {
            organisations,
            users,
            audit_rows,
            rooms,
            posts,
            big_room_posts,
            vitals,
        } => {
            let counts = ScaleCounts {
                organisations,
                users,
                audit_rows,
                rooms,
                posts,
                big_room_posts,
                vitals,
            };
            seed_scale(settings, clock, counts).await
        }
        Command::Admin(AdminCommand::Create {
            office,
            area,
            login_id,
            name,
            kana,
            email,
        }) => {
            let who = NewClerk {
                login_id,
                name,
                kana,
                email,
            };
            admin_create(settings, clock, (office, area), who).await
        }
        Command::Admin(AdminCommand::Stop { login_id, reason }) => {
            admin_stop(settings, clock, login_id, reason).await
        }
        Command::Audit(AuditCommand::Verify) => audit_verify(settings).await,
        Command::DemoCode { login_id } => demo_code(settings, login_id).await,
    }
}
