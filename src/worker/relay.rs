//! The outbox relay: committed outbox rows into the apalis queue, in batches; a row already
//! queued (a worker killed between push and mark) is marked, not pushed for ever.

use std::time::Duration;

use apalis::prelude::{Task, TaskBuilder, TaskSink};
use apalis_postgres::PostgresStorage;
use apalis_sqlite::SqliteStorage;
use renkei_jobs::JobEnvelope;
use tokio::sync::watch;

use crate::clock::Clock;
use crate::db::DbPool;
use crate::models::outbox::Outbox;

const RELAY_BATCH: i64 = 200;

const RELAY_IDLE: Duration = Duration::from_millis(200);

/// Where the relay pushes: the queue of the configured backend.
pub(super) enum Sink {
    Sqlite(SqliteStorage<JobEnvelope>),
    Postgres(PostgresStorage<JobEnvelope>),
}

impl Sink {
    pub(super) async fn push(&mut self, task: Task<JobEnvelope>) -> Result<(), String> {
        match self {
            Sink::Sqlite(s) => s.push_task(task).await.map_err(|e| e.to_string()),
            Sink::Postgres(s) => s.push_task(task).await.map_err(|e| e.to_string()),
        }
    }
}

/// Moves committed outbox rows into the queue until `stop` fires.
pub(super) async fn relay(
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
