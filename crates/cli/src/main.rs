//! The `parasol` command: set up a data directory, serve, run the demo, add reports and
//! screen identifiers. Errors go to stderr with a non-zero exit code.

mod cli;
mod commands;
mod data_dir;
mod demo_data;
mod private_screen;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PARASOL_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,parasol=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("parasol: could not start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("parasol: {e:#}");
            ExitCode::FAILURE
        }
    }
}
