//! The worker's pulse: its heartbeat, and the scheduled tasks that run at each beat.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::clock::Clock;
use crate::config::Settings;
use crate::db::DbPool;
use crate::models::outbox;
use crate::worker::blocking;

/// Writes this worker's pulse until `stop` fires; at each pulse, sends the daily digests
/// that have come due, stops the accounts and closes the rooms whose day has come (forms 6
/// and 9), purges the closed rooms whose retention has ended, deletes the files
/// kept for forms that were never sent again (after a day) and the login attempts no limit
/// needs any more.
pub async fn pulse(
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
        let s = settings.clone();
        match blocking(&pool, move |c| {
            let stopped = crate::services::accounts::stop_due_accounts(c, Some(&s), today, now)?;
            let closed = crate::services::registrations::close_due_rooms(c, Some(&s), today, now)?;
            Ok::<_, diesel::result::Error>((stopped, closed))
        })
        .await
        {
            Ok((0, 0)) => {}
            Ok((stopped, closed)) => tracing::info!(stopped, closed, "dated stops applied"),
            Err(e) => tracing::warn!(error = %e, "dated stops failed"),
        }
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
