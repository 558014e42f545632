//! The worker: relays outbox rows into the apalis queue (in the same database) and runs the jobs.
//! A job is acted on once: the queue drops a second push of the same idempotency key, and the
//! mail job checks `mail_deliveries` before sending, so a retry or a worker killed with
//! `kill -9` and restarted does not mail twice. Jobs that die with their worker are re-queued by
//! the next worker's heartbeat once the dead one has missed two.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use apalis::prelude::{
    AbortError, Attempt, BackendExt as ApalisBackendExt, BoxDynError, Data, Task, TaskBuilder,
    TaskSink, WorkerBuilder, WorkerError,
};
use apalis_postgres::PostgresStorage;
use apalis_sqlite::SqliteStorage;
use renkei_jobs::{Job, JobEnvelope, Mailer};
use tokio::sync::watch;

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{self, Backend, DbPool};
use crate::models::outbox::{MailDelivery, Outbox};

pub const QUEUE: &str = "renkei";
const RELAY_BATCH: i64 = 200;
const RELAY_IDLE: Duration = Duration::from_millis(200);

/// What every job handler needs.
pub struct WorkerCtx {
    pub pool: DbPool,
    pub mailer: Mailer,
    pub clock: Clock,
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

async fn handle(
    envelope: JobEnvelope,
    ctx: Data<Arc<WorkerCtx>>,
    attempt: Attempt,
) -> Result<(), BoxDynError> {
    match &envelope.job {
        Job::Mail(mail) => {
            let key = envelope.key.clone();
            let pool = ctx.pool.clone();
            let delivered = tokio::task::spawn_blocking(move || -> Result<bool, BoxDynError> {
                let mut conn = pool.get()?;
                Ok(MailDelivery::is_delivered(&mut conn, &key)?)
            })
            .await??;
            if delivered {
                tracing::info!(key = %envelope.key, "mail already delivered; nothing to do");
                return Ok(());
            }
            match ctx.mailer.send(&envelope.key, mail).await {
                Ok(()) => {
                    let key = envelope.key.clone();
                    let pool = ctx.pool.clone();
                    let transport = ctx.mailer.transport_name();
                    let now = ctx.clock.now();
                    tokio::task::spawn_blocking(move || -> Result<(), BoxDynError> {
                        let mut conn = pool.get()?;
                        MailDelivery::record(&mut conn, &key, transport, now)?;
                        Ok(())
                    })
                    .await??;
                    Ok(())
                }
                Err(e) if e.is_permanent() => {
                    tracing::error!(key = %envelope.key, error = %e, "mail refused; not retrying");
                    Err(Box::new(AbortError::new(e)))
                }
                Err(e) => {
                    let wait = backoff(attempt.current());
                    tracing::warn!(key = %envelope.key, error = %e, attempt = attempt.current(), "mail failed; retrying in {wait:?}");
                    tokio::time::sleep(wait).await;
                    Err(Box::new(e))
                }
            }
        }
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

/// Where the relay pushes: the queue of the configured backend.
enum Sink {
    Sqlite(SqliteStorage<JobEnvelope>),
    Postgres(PostgresStorage<JobEnvelope>),
}

impl Sink {
    async fn push(&mut self, task: Task<JobEnvelope>) -> Result<(), String> {
        match self {
            Sink::Sqlite(s) => s.push_task(task).await.map_err(|e| e.to_string()),
            Sink::Postgres(s) => s.push_task(task).await.map_err(|e| e.to_string()),
        }
    }
}

/// Moves committed outbox rows into the queue until `stop` fires.
async fn relay(
    pool: DbPool,
    mut sink: Sink,
    clock: Clock,
    max_attempts: usize,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        if *stop.borrow() {
            return;
        }
        let p = pool.clone();
        let batch = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
            let mut conn = p.get()?;
            Ok(Outbox::pending(&mut conn, RELAY_BATCH)?)
        })
        .await;
        let rows = match batch {
            Ok(Ok(rows)) => rows,
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "outbox relay: cannot read the outbox");
                Vec::new()
            }
            Err(e) => {
                tracing::warn!(error = %e, "outbox relay task failed");
                Vec::new()
            }
        };
        let full = rows.len() as i64 == RELAY_BATCH;
        let mut done = Vec::with_capacity(rows.len());
        for row in rows {
            let envelope: JobEnvelope = match serde_json::from_str(&row.payload) {
                Ok(e) => e,
                Err(e) => {
                    tracing::error!(id = row.id, error = %e, "outbox row is not a job; skipped");
                    done.push(row.id);
                    continue;
                }
            };
            let task = TaskBuilder::new(envelope)
                .idempotency_key(row.idempotency_key.clone())
                .max_attempts(max_attempts)
                .build();
            match sink.push(task).await {
                Ok(_) => done.push(row.id),
                Err(e) => {
                    tracing::warn!(error = %e, "outbox relay: queue push failed; will retry");
                    break;
                }
            }
        }
        if !done.is_empty() {
            let p = pool.clone();
            let now = clock.now();
            let marked = tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
                let mut conn = p.get()?;
                Ok(Outbox::mark_enqueued(&mut conn, &done, now)?)
            })
            .await;
            if !matches!(marked, Ok(Ok(_))) {
                tracing::warn!(
                    "outbox relay: could not mark rows; they will be pushed again (deduplicated)"
                );
            }
        }
        if !full {
            tokio::select! {
                _ = tokio::time::sleep(RELAY_IDLE) => {}
                _ = stop.changed() => {}
            }
        }
    }
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
    let ctx = Arc::new(WorkerCtx {
        pool: pool.clone(),
        mailer,
        clock: clock.clone(),
    });
    let heartbeat = Duration::from_secs(settings.worker.heartbeat_seconds.max(1));
    let max_attempts = settings.worker.max_attempts as usize;
    let (stop_tx, stop_rx) = watch::channel(false);
    let signal = async move {
        shutdown.await;
        let _ = stop_tx.send(true);
        Ok::<(), WorkerError>(())
    };
    let name = worker_name();
    tracing::info!(worker = %name, "worker started");
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
                .build(handle);
            let result = worker.run_until(signal).await;
            let _ = relay.await;
            result.map_err(|e| anyhow::anyhow!("worker stopped: {e}"))?;
        }
    }
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
