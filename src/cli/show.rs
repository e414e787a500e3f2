//! `mvterms show`

use super::registry_args::RegistryArgs;
use crate::error::Error;
use crate::model::Entry;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The entry id, e.g. itu-fgmv-20-2023.
    id: String,
    /// Print the same JSON object as GET /v1/entries/{id} (without `history`).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    registry: RegistryArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Showing an entry needs the corpus and its concepts, not the index.
    let (corpus, _, concepts) = args.registry.load_concepts()?;
    let Some(p) = corpus.position(&args.id) else {
        return Err(Error::EntryNotFound(args.id).into());
    };
    let entry = &corpus.entries()[p];
    let concept = concepts.of_entry(p).map(|c| c.id.clone());
    if args.json {
        let shown = crate::api::entries::EntryWithConcept {
            entry: entry.clone(),
            concept,
            history: None,
        };
        super::emit(&(serde_json::to_string_pretty(&shown)? + "\n"))?;
    } else {
        let mut text = human(entry);
        if let Some(c) = concept {
            text.push_str(&format!("{:<14}{c}\n", "concept"));
        }
        super::emit(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// An entry laid out for reading.
pub fn human(e: &Entry) -> String {
    let mut out = format!("{}  [{}]\n\n{}\n", e.term, e.id, e.definition);
    for note in &e.notes {
        out.push_str(&format!("\n{note}\n"));
    }
    out.push('\n');
    let mut field = |name: &str, value: Option<String>| {
        if let Some(value) = value {
            out.push_str(&format!("{name:<14}{value}\n"));
        }
    };
    field("collection", Some(e.collection.to_string()));
    field("status", Some(e.status.to_string()));
    field("abbreviation", e.abbreviation.clone());
    field("kind", e.kind.map(|k| k.to_string()));
    field("year", e.year.map(|y| y.to_string()));
    field("language", Some(e.lang.clone()));
    field("author", e.source.author.clone());
    field("title", e.source.title.clone());
    field("document", e.source.document.clone());
    field("clause", e.source.clause.clone());
    field("url", e.source.url.clone());
    field("cited via", e.source.cited_via.clone());
    field("defined in", e.source.defined_elsewhere_ref.clone());
    field("seen at", e.source.seen_at.clone());
    field("flags", (!e.flags.is_empty()).then(|| e.flags.join(", ")));
    out
}
