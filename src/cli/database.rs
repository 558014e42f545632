//! The database commands: `migrate` (also run by `serve` on the embedded default and before
//! the seeds and the administrator bootstrap), `backup` and `restore`.

use super::*;

/// Migrations, run by `migrate` and by `serve` on the embedded default.
pub async fn migrate(settings: &Settings, pool: &DbPool) -> anyhow::Result<()> {
    let p = pool.clone();
    let applied = tokio::task::spawn_blocking(move || -> anyhow::Result<Vec<String>> {
        let mut conn = p.get()?;
        db::migrate_database(&mut conn)
    })
    .await??;
    for m in &applied {
        tracing::info!("applied migration {m}");
    }
    crate::worker::setup_queue(settings).await?;
    Ok(())
}

/// `migrate`: the migrations, and that the database is up to date.
pub(super) async fn migrate_command(settings: Arc<Settings>) -> anyhow::Result<()> {
    let pool = open_pool(&settings, 2)?;
    migrate(&settings, &pool).await?;
    println!(
        "renkei: database is up to date ({})",
        db::redact_url(&settings.database_url)
    );
    Ok(())
}

/// `backup FILE`.
pub(super) async fn backup(
    settings: Arc<Settings>,
    file: std::path::PathBuf,
) -> anyhow::Result<()> {
    let url = settings.database_url.clone();
    let f = file.clone();
    tokio::task::spawn_blocking(move || crate::backup::backup(&url, &f)).await??;
    println!(
        "renkei: backup of {} written to {}",
        db::redact_url(&settings.database_url),
        file.display()
    );
    Ok(())
}

/// `restore FILE`.
pub(super) async fn restore(
    settings: Arc<Settings>,
    file: std::path::PathBuf,
) -> anyhow::Result<()> {
    let url = settings.database_url.clone();
    let f = file.clone();
    tokio::task::spawn_blocking(move || crate::backup::restore(&f, &url)).await??;
    println!(
        "renkei: {} restored into {}; run `renkei migrate` if it came from an older release",
        file.display(),
        db::redact_url(&settings.database_url)
    );
    Ok(())
}
