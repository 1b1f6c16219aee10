//! One function per command.

mod backup;
mod demo;
mod init;
mod report;
mod screen;
mod serve;

use crate::cli::{Cli, Command, KeysCommand, ReportCommand};
use anyhow::Result;
use parasol_app::AppError;

/// Runs the command the line names.
pub async fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Init(args) => init::run(args).await,
        Command::Serve(args) => serve::run(args).await,
        Command::Demo(args) => demo::run(args).await,
        Command::Report(ReportCommand::Add(args)) => report::add(args).await,
        Command::Screen(args) => screen::run(args).await,
        Command::Invite(args) => init::invite(args).await,
        Command::Keys(KeysCommand::Rotate(args)) => backup::rotate(args).await,
        Command::Backup(args) => backup::backup(args).await,
        Command::Restore(args) => backup::restore(args).await,
    }
}

/// An operation's error in words for the terminal, listing every refused field.
pub fn explain(error: AppError) -> anyhow::Error {
    match error {
        AppError::Invalid(fields) => {
            let lines: Vec<String> = fields
                .iter()
                .map(|f| {
                    if f.read.is_empty() {
                        format!("--{}: expected {}", f.field.replace('_', "-"), f.expected)
                    } else {
                        format!(
                            "--{}: read {:?}; expected {}",
                            f.field.replace('_', "-"),
                            f.read,
                            f.expected
                        )
                    }
                })
                .collect();
            anyhow::anyhow!("{}", lines.join("\n"))
        }
        other => anyhow::anyhow!("{other}"),
    }
}
