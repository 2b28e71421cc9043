//! Argument parsing and dispatch; one module per subcommand.

mod output;
mod policies;
mod render;

use clap::{Parser, Subcommand};
use std::fmt;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "doclist", version, about = "Which papers to bring to the counter: residence registration and residence permits, as a printable checklist.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Make the checklist for one applicant.
    Render(render::Args),
    /// List the policies doclist knows, with the facts each asks.
    Policies(policies::Args),
}

/// A failure to report: the message, an optional hint, and the exit code.
pub struct Failure {
    pub code: u8,
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    /// Bad input or arguments: exit code 2.
    pub fn input(message: impl fmt::Display) -> Self {
        Failure {
            code: 2,
            message: message.to_string(),
            hint: None,
        }
    }

    /// Anything else that went wrong (files, templates): exit code 1.
    pub fn other(message: impl fmt::Display) -> Self {
        Failure {
            code: 1,
            message: message.to_string(),
            hint: None,
        }
    }
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(a) => render::run(a),
        Command::Policies(a) => policies::run(a),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("error: {}", f.message);
            if let Some(h) = f.hint {
                eprintln!("hint: {h}");
            }
            ExitCode::from(f.code)
        }
    }
}

/// The policies: from `--policies DIR`, or built in.
pub fn load_library(dir: Option<&std::path::Path>) -> Result<doclist::policy::Library, Failure> {
    match dir {
        Some(d) => doclist::policy::Library::from_dir(d),
        None => doclist::policy::Library::embedded(),
    }
    .map_err(|e| Failure::input(format!("policy {e}")))
}
