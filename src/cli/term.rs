//! `mvterms term TERM [--json]`: every entry defining a term and the concepts it names; an
//! abbreviation (`XR`) or a spelling variant (`real time`) resolves through its concepts, as
//! `GET /v1/terms/{term}` does.

use super::registry_args::RegistryArgs;
use crate::error::Error;
use crate::terms::{TermEntries, look_up};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The term, e.g. avatar, "digital twin", XR or "real time".
    term: String,
    /// Print the same JSON object as GET /v1/terms/{term}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    registry: RegistryArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Looking a term up needs the corpus and its concepts, not the index.
    let (corpus, analyzer, concepts) = args.registry.load_concepts()?;
    match look_up(&corpus, &analyzer, &concepts, &args.term) {
        Ok(found) if args.json => {
            super::emit(&(serde_json::to_string_pretty(&found)? + "\n"))?;
        }
        Ok(found) => super::emit(&human(&found))?,
        Err(suggested) => {
            let err = Error::TermNotFound(args.term);
            if suggested.is_empty() {
                return Err(err.into());
            }
            return Err(anyhow::anyhow!(
                "{err}; did you mean: {}?",
                suggested.join(", ")
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The term laid out for reading: its concepts with their designations, then the definitions.
pub fn human(t: &TermEntries) -> String {
    let mut out = String::new();
    if t.expanded_to.is_empty() {
        out.push_str(&format!("{}\n", t.term));
    } else {
        out.push_str(&format!(
            "{} (through its concepts)\n",
            t.expanded_to.join(", ")
        ));
    }
    for c in &t.concepts {
        out.push_str(&format!("\nconcept {}  [{}]\n", c.label, c.id));
        for d in &c.designations {
            let mut line = format!("  {} — {} {}", d.term, d.status, d.kind);
            if let Some(r) = &d.replaced_by {
                line.push_str(&format!(", use ‘{r}’"));
            }
            if !d.sources.is_empty() {
                line.push_str(&format!(" ({})", d.sources.join("; ")));
            }
            out.push_str(&line);
            out.push('\n');
        }
        for n in &c.notes {
            out.push_str(&format!("  NOTE – {n}\n"));
        }
        if c.definitions.is_empty() {
            out.push_str("  no definition in the registry yet\n");
        }
    }
    if !t.entries.is_empty() {
        out.push_str(&format!("\n{} definition(s):\n", t.entries.len()));
    }
    for e in &t.entries {
        let source = e
            .source
            .document
            .as_deref()
            .or(e.source.author.as_deref())
            .unwrap_or("unknown source");
        out.push_str(&format!(
            "\n{}  [{}]\n  {source}\n  {}\n",
            e.term, e.id, e.definition
        ));
    }
    out
}
