//! The `renkei` binary.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = renkei::cli::Cli::parse();
    let settings = match renkei::config::Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("renkei: {e}");
            return std::process::ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,apalis=warn,apalis_core=warn".into()),
        )
        .with_target(false)
        .with_writer(std::io::stderr)
        .init();
    // The actix system runs the web server's workers; the worker and the CLI tasks share it.
    match actix_web::rt::System::new().block_on(renkei::cli::run(cli, settings)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("renkei: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
