//! A notification mail, sent at most once: claimed in `mail_deliveries` before sending (a copy
//! being sent elsewhere waits; one already sent is not sent again), sent and recorded in a task
//! of its own, refused for good when the server refuses it, retried after a backoff otherwise.

use std::sync::Arc;

use apalis::prelude::{AbortError, Attempt, BoxDynError, Data};
use renkei_jobs::{Job, JobEnvelope};

use crate::models::outbox::{Claim, MailDelivery};
use crate::worker::{WorkerCtx, backoff, blocking};

pub async fn run(
    envelope: &JobEnvelope,
    ctx: &Data<Arc<WorkerCtx>>,
    attempt: Attempt,
) -> Result<(), BoxDynError> {
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
