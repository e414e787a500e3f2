//! The command line: the only module that imports clap. Each subcommand lives in its own file,
//! turns its arguments into domain options, calls the core and prints the result.
//!
//! Exit codes: 0 success; 1 the command ran and found what it reports as failure (check findings
//! at or above `--fail-on`); 2 the command could not run (bad input, bad flag, unreadable corpus).

mod changes;
mod check;
mod clusters;
mod compare;
mod concepts;
mod export;
mod import;
mod index;
mod registry_args;
mod search;
mod serve;
mod show;
mod term;

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
    /// Serve the HTTP API (builds the index first when it is missing or stale).
    Serve(serve::Args),
    /// Build the search index from the corpus (rebuilds even when it is current).
    Index(index::Args),
    /// Search terms, definitions and notes.
    Search(search::Args),
    /// Show one entry with all its fields.
    Show(show::Args),
    /// Every entry defining a term and the concepts it names (abbreviations such as XR and
    /// variants such as "real time" resolve through their concepts).
    Term(term::Args),
    /// Compare definitions side by side (characteristics, similarity, word diff), or find the
    /// nearest definitions of a text.
    Compare(compare::Args),
    /// The concept clusters of the definitions of metaverse (the FGMV-02 characteristic table).
    Clusters(clusters::Args),
    /// List the concepts: entries that define one notion, with their designations.
    Concepts(concepts::ListArgs),
    /// Show one concept: designations with status and sources, definitions, relations.
    Concept(concepts::ShowArgs),
    /// Export the concepts as TBX-Basic, SKOS (Turtle or JSON-LD), Schema.org JSON-LD or CSV.
    Export(export::Args),
    /// Entries and concepts added, changed and removed between two versions of the corpus (git).
    Changes(changes::Args),
}

/// Writes command output to stdout. A closed pipe (`mvterms search x | head`) is not an error.
pub fn emit(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// Log lines go to stderr; `RUST_LOG` (e.g. `RUST_LOG=debug`) changes the level.
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tantivy=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
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
        Command::Serve(args) => serve::run(args),
        Command::Index(args) => index::run(args),
        Command::Search(args) => search::run(args),
        Command::Show(args) => show::run(args),
        Command::Term(args) => term::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Clusters(args) => clusters::run(args),
        Command::Concepts(args) => concepts::list(args),
        Command::Concept(args) => concepts::show(args),
        Command::Export(args) => export::run(args),
        Command::Changes(args) => changes::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("mvterms: {err:#}");
            ExitCode::from(2)
        }
    }
}
