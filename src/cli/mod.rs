//! The command line: the only module that imports clap. Each subcommand lives in its own file,
//! turns its arguments into domain options, calls the core and prints the result.
//!
//! Exit codes: 0 success; 1 the command ran and found what it reports as failure (check findings
//! at or above `--fail-on`); 2 the command could not run (bad input, bad flag, unreadable corpus).

mod check;
mod import;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// mvterms: the metaverse terminology registry (ITU-T FG-MV definitions and vocabulary).
#[derive(Debug, Parser)]
#[command(name = "mvterms", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Add entries from a JSONL file (one JSON object per line) to the corpus, refusing duplicate ids.
    Import(import::Args),
    /// Check drafts (.txt .md .adoc .docx) against the drafting rules and the registry.
    Check(check::Args),
}

/// Parses the command line, runs the command and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are not errors.
            let code = if err.use_stderr() { 2 } else { 0 };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Import(args) => import::run(args),
        Command::Check(args) => check::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mvterms: {err:#}");
            ExitCode::from(2)
        }
    }
}
