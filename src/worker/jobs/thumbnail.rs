//! A photo's thumbnail, made once and stored; a picture that cannot be decoded is given up at
//! once (it will not decode on a retry either).

use std::sync::Arc;

use apalis::prelude::{AbortError, BoxDynError, Data};
use renkei_jobs::JobEnvelope;

use crate::worker::WorkerCtx;

pub async fn run(
    envelope: &JobEnvelope,
    file_id: i64,
    ctx: &Data<Arc<WorkerCtx>>,
) -> Result<(), BoxDynError> {
    let (pool, now, file_id) = (ctx.pool.clone(), ctx.clock.now(), file_id);
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
