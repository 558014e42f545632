//! The long-running commands: `serve` (the web server, with the worker in the same process on
//! the embedded default) and `worker`.

use super::*;

/// `serve`: the embedded default migrated (on PostgreSQL, refused while migrations are
/// pending), the demo if asked, the worker in this process where configured, then the server.
pub(super) async fn serve(settings: Arc<Settings>, clock: Clock, demo: bool) -> anyhow::Result<()> {
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
            if let Err(e) = crate::worker::run(s, p, c, crate::worker::termination()).await {
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

/// `worker`: the background worker alone.
pub(super) async fn worker(settings: Arc<Settings>, clock: Clock) -> anyhow::Result<()> {
    let pool = open_pool(&settings, 8)?;
    crate::worker::run(settings, pool, clock, crate::worker::termination()).await
}
