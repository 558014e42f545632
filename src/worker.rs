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
    TaskSink, WorkerBuilder, WorkerBuilderExt, WorkerError,
};
use apalis_postgres::PostgresStorage;
use apalis_sqlite::SqliteStorage;
use renkei_jobs::{Job, JobEnvelope, Mailer};
use tokio::sync::watch;

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::{self, Backend, DbPool};
use crate::models::outbox::{self, Claim, MailDelivery, Outbox};

pub const QUEUE: &str = "renkei";
const RELAY_BATCH: i64 = 200;
const RELAY_IDLE: Duration = Duration::from_millis(200);
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
        Job::LetterBatch(batch) => {
            // Rendering is CPU work with a transaction around it: the blocking pool.
            let (pool, now, batch) = (ctx.pool.clone(), ctx.clock.now(), batch.clone());
            let rendered = tokio::task::spawn_blocking(move || -> Result<bool, BoxDynError> {
                let mut conn = pool.get()?;
                Ok(crate::services::letters::render_batch(
                    &mut conn, &batch, now,
                )?)
            })
            .await?;
            match rendered {
                Ok(fresh) => {
                    tracing::info!(key = %envelope.key, fresh, "letter batch rendered");
                    Ok(())
                }
                Err(e) => {
                    let wait = backoff(attempt.current());
                    tracing::warn!(key = %envelope.key, error = %e, "letter batch failed; retrying in {wait:?}");
                    tokio::time::sleep(wait).await;
                    Err(e)
                }
            }
        }
        Job::Thumbnail(t) => {
            let (pool, now, file_id) = (ctx.pool.clone(), ctx.clock.now(), t.file_id);
            let made = tokio::task::spawn_blocking(move || -> Result<bool, BoxDynError> {
                let mut conn = pool.get()?;
                crate::services::timeline::make_thumbnail(&mut conn, file_id, now)
            })
            .await?;
            match made {
                Ok(fresh) => {
                    tracing::info!(key = %envelope.key, fresh, "thumbnail made");
                    Ok(())
                }
                // A picture that cannot be decoded will not decode on a retry either.
                Err(e) => {
                    tracing::warn!(key = %envelope.key, error = %e, "no thumbnail");
                    Err(Box::new(AbortError::new(std::io::Error::other(
                        e.to_string(),
                    ))))
                }
            }
        }
        Job::Mail(_) => {
            let (key, me, now, stale) = (
                envelope.key.clone(),
                ctx.name.clone(),
                ctx.clock.now(),
                ctx.stale_after,
            );
            let claim = blocking(&ctx.pool, move |c| {
                MailDelivery::claim(c, &key, &me, stale, now)
            })
            .await?;
            match claim {
                Claim::AlreadySent => {
                    tracing::info!(key = %envelope.key, "mail already sent; not sending again");
                    return Ok(());
                }
                Claim::Busy => {
                    // Another copy of this job is sending it. Come back later: by then it is
                    // either sent, or its worker is gone and the claim can be taken over.
                    let wait = backoff(attempt.current());
                    tracing::info!(key = %envelope.key, "mail is being sent elsewhere; checking again in {wait:?}");
                    tokio::time::sleep(wait).await;
                    return Err("mail claimed by another worker".into());
                }
                Claim::Claimed => {}
            }
            // Sending and recording run as their own task: if the queue drops this handler
            // (it can hand one job out twice and cancel the slower copy), the mail that the
            // server accepted is still marked sent, and a failed one still gives its claim up.
            let (c, env) = (ctx.clone(), envelope.clone());
            let outcome =
                tokio::spawn(async move { send_and_record(&c, &env.key, &env.job).await }).await?;
            match outcome {
                Ok(()) => Ok(()),
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

async fn send_and_record(
    ctx: &WorkerCtx,
    key: &str,
    job: &Job,
) -> Result<(), renkei_jobs::MailError> {
    let Job::Mail(mail) = job else {
        return Ok(());
    };
    let result = ctx.mailer.send(key, mail).await;
    let (k, me, now) = (key.to_string(), ctx.name.clone(), ctx.clock.now());
    let recorded = match &result {
        Ok(()) => {
            let transport = ctx.mailer.transport_name();
            blocking(&ctx.pool, move |c| {
                MailDelivery::mark_sent(c, &k, transport, now)
            })
            .await
        }
        Err(_) => blocking(&ctx.pool, move |c| MailDelivery::release(c, &k, &me)).await,
    };
    if let Err(e) = recorded {
        // The claim stays "sending" and is taken over once this worker is gone.
        tracing::error!(key = %key, error = %e, "could not record the mail's outcome");
    }
    result
}

/// Writes this worker's pulse until `stop` fires; at each pulse, sends the daily digests
/// that have come due, purges the closed rooms whose retention has ended, deletes the files
/// kept for forms that were never sent again (after a day) and the login attempts no limit
/// needs any more.
async fn pulse(
    pool: DbPool,
    settings: Arc<Settings>,
    clock: Clock,
    name: String,
    every: Duration,
    mut stop: watch::Receiver<bool>,
) {
    loop {
        let (n, now) = (name.clone(), clock.now());
        if let Err(e) = blocking(&pool, move |c| outbox::heartbeat(c, &n, now)).await {
            tracing::warn!(error = %e, "worker heartbeat failed");
        }
        let s = settings.clone();
        match blocking(&pool, move |c| {
            crate::services::timeline::send_due_digests(c, &s, now)
        })
        .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(digests = n, "daily digests queued"),
            Err(e) => tracing::warn!(error = %e, "daily digests failed"),
        }
        let today = clock.today();
        match blocking(&pool, move |c| {
            crate::services::retention::purge_due_rooms(c, today, now)
        })
        .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(rooms = n, "closed rooms purged after their retention"),
            Err(e) => tracing::warn!(error = %e, "retention purge failed"),
        }
        match blocking(&pool, move |c| {
            crate::models::kept_uploads::KeptUploads::purge_expired(c, now)
        })
        .await
        {
            Ok(0) => {}
            Ok(n) => tracing::info!(files = n, "kept form files deleted after a day"),
            Err(e) => tracing::warn!(error = %e, "kept files purge failed"),
        }
        match blocking(&pool, move |c| {
            crate::models::login_attempts::LoginAttempt::prune(c, now)
        })
        .await
        {
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "login attempts prune failed"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = stop.changed() => return,
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
                // Pushed before, not marked (a worker killed in between): the queue's unique
                // idempotency key refuses the copy on PostgreSQL. It is queued; mark it, or the
                // relay would stop at this row for ever.
                Err(e)
                    if e.contains("idx_jobs_idempotency_key")
                        || e.contains("UNIQUE constraint failed") =>
                {
                    tracing::info!(id = row.id, "outbox relay: row was already queued");
                    done.push(row.id);
                }
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
        blocking(&pool, move |c| outbox::heartbeat(c, &n, now))
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
