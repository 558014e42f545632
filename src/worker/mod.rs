//! The worker: relays outbox rows into the apalis queue (in the same database) and runs the jobs.
//! A job is acted on once: the queue drops a second push of the same idempotency key, and the
//! mail job checks `mail_deliveries` before sending, so a retry or a worker killed with
//! `kill -9` and restarted does not mail twice. Jobs that die with their worker are re-queued by
//! the next worker's heartbeat once the dead one has missed two.
//!
//! `relay` moves the outbox into the queue; `jobs/` has one file a job and the pulse.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use apalis::prelude::{
    Attempt, BackendExt as ApalisBackendExt, BoxDynError, Data, WorkerBuilder, WorkerBuilderExt,
    WorkerError,
};
use apalis_postgres::PostgresStorage;
use apalis_sqlite::SqliteStorage;
use renkei_jobs::{Job, JobEnvelope, Mailer};
use tokio::sync::watch;

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{self, Backend, DbPool};
mod jobs;
mod relay;

use jobs::pulse::pulse;
use relay::{Sink, relay};

pub const QUEUE: &str = "renkei";
/// Jobs in flight at once per worker process: enough to keep an SMTP server busy — lettre sends
/// without TCP_NODELAY, so each mail waits ~40 ms on the server's delayed ACK and 8 in flight
/// capped a worker at ~110 mails/s (`bench/mails.sh`) — few enough that a crash leaves little
/// to re-check.
const CONCURRENCY: usize = 32;

/// What every job handler needs.
pub struct WorkerCtx {
    pub pool: DbPool,
    pub mailer: Mailer,
    pub clock: Clock,
    /// This worker's name (claims and heartbeats).
    pub name: String,
    /// A claim whose worker has been silent this long is taken over.
    pub stale_after: chrono::TimeDelta,
}

/// Sets up the queue's own tables (part of `renkei migrate`).
pub async fn setup_queue(settings: &Settings) -> anyhow::Result<()> {
    match Backend::from_url(&settings.database_url).map_err(anyhow::Error::msg)? {
        Backend::Sqlite => {
            let pool = sqlite_pool(&settings.database_url).await?;
            SqliteStorage::setup(&pool)
                .await
                .map_err(|e| anyhow::anyhow!("queue setup failed: {e}"))?;
        }
        Backend::Postgres => {
            let pool = apalis_postgres::PgPool::connect(&settings.database_url)
                .await
                .map_err(|e| anyhow::anyhow!("queue database: {e}"))?;
            PostgresStorage::setup(&pool)
                .await
                .map_err(|e| anyhow::anyhow!("queue setup failed: {e}"))?;
        }
    }
    Ok(())
}

async fn sqlite_pool(url: &str) -> anyhow::Result<apalis_sqlite::SqlitePool> {
    use std::str::FromStr;
    let options = apalis_sqlite::SqliteConnectOptions::from_str(&format!(
        "sqlite://{}",
        db::sqlite_path(url)
    ))
    .map_err(|e| anyhow::anyhow!("queue database: {e}"))?
    .create_if_missing(true)
    .busy_timeout(Duration::from_secs(10))
    .foreign_keys(true);
    apalis_sqlite::SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .map_err(|e| anyhow::anyhow!("queue database: {e}"))
}

/// Exponential backoff between attempts: 2 s, 4 s, 8 s … at most 5 minutes.
pub fn backoff(attempt: usize) -> Duration {
    let secs = 2u64.saturating_pow(attempt.clamp(1, 16) as u32).min(300);
    Duration::from_secs(secs)
}

/// Runs blocking database work for a job.
async fn blocking<T, F>(pool: &DbPool, f: F) -> Result<T, BoxDynError>
where
    T: Send + 'static,
    F: FnOnce(&mut crate::db::DbConnection) -> diesel::QueryResult<T> + Send + 'static,
{
    let pool = pool.clone();
    tokio::task::spawn_blocking(move || -> Result<T, BoxDynError> {
        let mut conn = pool.get()?;
        Ok(f(&mut conn)?)
    })
    .await?
}

async fn handle(
    envelope: JobEnvelope,
    ctx: Data<Arc<WorkerCtx>>,
    attempt: Attempt,
) -> Result<(), BoxDynError> {
    match &envelope.job {
        Job::LetterBatch(batch) => jobs::letters::run(&envelope, batch, &ctx, attempt).await,
        Job::Thumbnail(t) => jobs::thumbnail::run(&envelope, t.file_id, &ctx).await,
        Job::Mail(_) => jobs::mail::run(&envelope, &ctx, attempt).await,
    }
}

fn worker_name() -> String {
    use rand::Rng;
    format!(
        "renkei-worker-{}-{:04x}",
        std::process::id(),
        rand::thread_rng().gen_range(0..0xffffu32)
    )
}

/// Runs the worker until `shutdown` completes; in-flight jobs finish first.
pub async fn run(
    settings: Arc<Settings>,
    pool: DbPool,
    clock: Clock,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let mailer = Mailer::new(
        settings.mail.smtp_url.as_deref(),
        settings.mail_dir(),
        &settings.mail.from,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let heartbeat = Duration::from_secs(settings.worker.heartbeat_seconds.max(1));
    let name = worker_name();
    let ctx = Arc::new(WorkerCtx {
        pool: pool.clone(),
        mailer,
        clock: clock.clone(),
        name: name.clone(),
        stale_after: chrono::TimeDelta::seconds(3 * heartbeat.as_secs() as i64),
    });
    let max_attempts = settings.worker.max_attempts as usize;
    let (stop_tx, stop_rx) = watch::channel(false);
    let signal = async move {
        shutdown.await;
        let _ = stop_tx.send(true);
        Ok::<(), WorkerError>(())
    };
    tracing::info!(worker = %name, "worker started");
    // The first pulse is written before any job runs, so our claims are never taken as stale.
    {
        let (n, now) = (name.clone(), clock.now());
        blocking(&pool, move |c| crate::models::outbox::heartbeat(c, &n, now))
            .await
            .map_err(|e| anyhow::anyhow!("worker heartbeat: {e}"))?;
    }
    let pulse_task = tokio::spawn(pulse(
        pool.clone(),
        settings.clone(),
        clock.clone(),
        name.clone(),
        heartbeat,
        stop_rx.clone(),
    ));
    match Backend::from_url(&settings.database_url).map_err(anyhow::Error::msg)? {
        Backend::Sqlite => {
            let qpool = sqlite_pool(&settings.database_url).await?;
            SqliteStorage::setup(&qpool)
                .await
                .map_err(|e| anyhow::anyhow!("queue setup failed: {e}"))?;
            let config = apalis_sqlite::Config::default()
                .queue(QUEUE)
                .heartbeat_interval(heartbeat)
                .missed_heartbeats(2)
                .batch_size(20);
            let storage = SqliteStorage::<JobEnvelope>::new(&qpool).with_config(config);
            let relay = tokio::spawn(relay(
                pool.clone(),
                Sink::Sqlite(storage.clone()),
                clock.clone(),
                max_attempts,
                stop_rx,
            ));
            let worker = WorkerBuilder::new(name)
                .backend(storage.poll_with_interval(Duration::from_millis(200)))
                .data(ctx)
                .concurrency(CONCURRENCY)
                .build(handle);
            let result = worker.run_until(signal).await;
            let _ = relay.await;
            result.map_err(|e| anyhow::anyhow!("worker stopped: {e}"))?;
        }
        Backend::Postgres => {
            let qpool = apalis_postgres::PgPool::connect(&settings.database_url)
                .await
                .map_err(|e| anyhow::anyhow!("queue database: {e}"))?;
            PostgresStorage::setup(&qpool)
                .await
                .map_err(|e| anyhow::anyhow!("queue setup failed: {e}"))?;
            let config = apalis_postgres::Config::default()
                .queue(QUEUE)
                .heartbeat_interval(heartbeat)
                .missed_heartbeats(2)
                .batch_size(20);
            let sink = PostgresStorage::<JobEnvelope>::new(&qpool).with_config(config.clone());
            let relay = tokio::spawn(relay(
                pool.clone(),
                Sink::Postgres(sink),
                clock.clone(),
                max_attempts,
                stop_rx,
            ));
            let backend = PostgresStorage::<JobEnvelope>::new(&qpool)
                .with_config(config)
                .with_pubsub();
            let worker = WorkerBuilder::new(name)
                .backend(backend)
                .data(ctx)
                .concurrency(CONCURRENCY)
                .build(handle);
            let result = worker.run_until(signal).await;
            let _ = relay.await;
            result.map_err(|e| anyhow::anyhow!("worker stopped: {e}"))?;
        }
    }
    let _ = pulse_task.await;
    tracing::info!("worker stopped");
    Ok(())
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn termination() {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
