//! The `doclist` command line: parses arguments, calls the library, reports errors once.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::run()
}
