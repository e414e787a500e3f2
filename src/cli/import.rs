//! `mvterms import FILE.jsonl --collection metaverse|vocabulary|abbreviations`

use crate::corpus::import::{Target, import};
use crate::model::Collection;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each line of FILE is one JSON object with the corpus fields (id, term, \
definition, notes, abbreviation, status, kind, year, lang, flags, source{author, title, document, \
clause, url, cited_via, seen_at, defined_elsewhere_ref}); for abbreviations: abbreviation, \
expansion, source_document, seen_at. Nothing is written unless every row is valid."
)]
pub struct Args {
    /// The JSONL file to import.
    file: PathBuf,
    /// Where the entries go.
    #[arg(long, value_enum)]
    collection: CollectionArg,
    /// The corpus folder.
    #[arg(long, default_value = "corpus")]
    corpus: PathBuf,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum CollectionArg {
    Metaverse,
    Vocabulary,
    Abbreviations,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let target = match args.collection {
        CollectionArg::Metaverse => Target::Entries(Collection::Metaverse),
        CollectionArg::Vocabulary => Target::Entries(Collection::Vocabulary),
        CollectionArg::Abbreviations => Target::Abbreviations,
    };
    let done = import(&args.corpus, &args.file, target)?;
    let place = match target {
        Target::Entries(c) => format!("{}/{}/", args.corpus.display(), c),
        Target::Abbreviations => done.files[0].display().to_string(),
    };
    super::emit(&format!(
        "imported {} row(s) from {} into {place}\n",
        done.rows,
        args.file.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
