//! `mvterms import FILE.jsonl --collection metaverse|vocabulary|abbreviations` and
//! `mvterms import FILE.tbx [--collection metaverse|vocabulary]`

use crate::corpus::import::{Target, import};
use crate::model::Collection;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each line of FILE is one JSON object with the corpus fields (id, term, \
definition, notes, abbreviation, status, kind, year, lang, flags, source{author, title, document, \
clause, url, cited_via, seen_at, defined_elsewhere_ref}); for abbreviations: abbreviation, \
expansion, source_document, seen_at. Nothing is written unless every row is valid.

A FILE ending in .tbx is read as TBX (ISO 30042, DCA style): each definition becomes an entry \
(in --collection, default vocabulary) and the concept entries become corpus/concepts/<FILE>.toml \
with their designations, statuses, sources and relations. A malformed or invalid file is refused \
with its line, and nothing is written."
)]
pub struct Args {
    /// The JSONL or TBX file to import.
    file: PathBuf,
    /// Where the entries go (required for JSONL; TBX entries go to vocabulary unless told).
    #[arg(long, value_enum)]
    collection: Option<CollectionArg>,
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
    let is_tbx = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tbx"));
    if is_tbx {
        let collection = match args.collection {
            None | Some(CollectionArg::Vocabulary) => Collection::Vocabulary,
            Some(CollectionArg::Metaverse) => Collection::Metaverse,
            Some(CollectionArg::Abbreviations) => anyhow::bail!(
                "a TBX file holds concepts and definitions; --collection must be metaverse or vocabulary"
            ),
        };
        let done = crate::exchange::import::import_tbx(&args.corpus, &args.file, collection)?;
        super::emit(&format!(
            "imported {} concept(s) and {} definition(s) from {} into {}/ ({} files)\n",
            done.concepts,
            done.entries,
            args.file.display(),
            args.corpus.display(),
            done.files.len()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(collection) = args.collection else {
        anyhow::bail!(
            "--collection is required for a JSONL file; expected metaverse, vocabulary or abbreviations"
        );
    };
    let target = match collection {
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
