//! A print batch of アカウント発行通知 letters: rendered to one PDF (CPU work with a transaction
//! around it, on the blocking pool); a failure is retried after a backoff.

use std::sync::Arc;

use apalis::prelude::{Attempt, BoxDynError, Data};
use renkei_jobs::{JobEnvelope, LetterBatch};

use crate::worker::{WorkerCtx, backoff};

pub async fn run(
    envelope: &JobEnvelope,
    batch: &LetterBatch,
    ctx: &Data<Arc<WorkerCtx>>,
    attempt: Attempt,
) -> Result<(), BoxDynError> {
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
