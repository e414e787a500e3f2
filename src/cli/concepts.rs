//! `mvterms concepts` (the list) and `mvterms concept ID` (one concept).

use super::registry_args::RegistryArgs;
use crate::concepts::view::ConceptView;
use crate::concepts::{ConceptFilter, Concepts};
use crate::corpus::Corpus;
use crate::error::Error;
use crate::model::{Collection, Status};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only concepts with an entry in this collection (metaverse, vocabulary).
    #[arg(long)]
    collection: Option<Collection>,
    /// Only concepts with a designation of this status (preferred, admitted, deprecated, superseded).
    #[arg(long)]
    status: Option<Status>,
    /// Only concepts with a designation starting with this (case-insensitive).
    #[arg(long, short = 'q')]
    prefix: Option<String>,
    /// Print the same JSON object as GET /v1/concepts (every match, not one page).
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    registry: RegistryArgs,
}

#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The concept id, e.g. metaverse or extended-reality.
    id: String,
    /// Print the same JSON object as GET /v1/concepts/{id}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    registry: RegistryArgs,
}

/// Loads the corpus and builds its concepts (no index needed).
fn open(registry: &RegistryArgs) -> crate::Result<(Corpus, Concepts)> {
    let (corpus, _, concepts) = registry.load_concepts()?;
    Ok((corpus, concepts))
}

pub fn list(args: ListArgs) -> anyhow::Result<ExitCode> {
    let (corpus, concepts) = open(&args.registry)?;
    let filter = ConceptFilter {
        collection: args.collection,
        status: args.status,
        prefix: args.prefix,
    };
    let found: Vec<_> = concepts.list(&corpus, &filter).collect();
    if args.json {
        let page = serde_json::json!({
            "total": found.len(),
            "offset": 0,
            "limit": found.len(),
            "concepts": found.iter().map(|c| concepts.summary(c)).collect::<Vec<_>>(),
        });
        super::emit(&(serde_json::to_string_pretty(&page)? + "\n"))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = format!("{} concept(s)\n\n", found.len());
    for c in found {
        let others: Vec<&str> = c.designations[1..]
            .iter()
            .map(|d| d.text.as_str())
            .collect();
        out.push_str(&format!(
            "{:<44} {}{}  ({} definition(s), {})\n",
            c.id,
            c.label(),
            if others.is_empty() {
                String::new()
            } else {
                format!(" · {}", others.join(" · "))
            },
            c.definitions.len(),
            concepts.summary(c).grouping
        ));
    }
    super::emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

pub fn show(args: ShowArgs) -> anyhow::Result<ExitCode> {
    let (corpus, concepts) = open(&args.registry)?;
    let Some(c) = concepts.get(&args.id) else {
        return Err(Error::ConceptNotFound(args.id).into());
    };
    let view = concepts.view(&corpus, c);
    let history = crate::history::History::read(&args.registry.corpus)
        .and_then(|h| h.concept(&corpus, &concepts, &args.id));
    if args.json {
        let mut value = serde_json::to_value(&view)?;
        if let (Some(h), Some(map)) = (&history, value.as_object_mut()) {
            map.insert("history".into(), serde_json::to_value(h)?);
        }
        super::emit(&(serde_json::to_string_pretty(&value)? + "\n"))?;
    } else {
        let mut text = human(&view);
        if let Some(h) = history {
            text.push_str(&format!(
                "\nAdded {} ({}), last changed {} ({})\n",
                h.added.date,
                &h.added.commit[..h.added.commit.len().min(12)],
                h.changed.date,
                &h.changed.commit[..h.changed.commit.len().min(12)]
            ));
        }
        super::emit(&text)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A concept laid out for reading.
pub fn human(c: &ConceptView) -> String {
    let mut out = format!("{}  [{}]  {}\n", c.label, c.id, c.status);
    out.push_str(&format!(
        "  {}{}\n",
        c.grouping.method,
        c.grouping
            .place
            .as_ref()
            .map(|p| format!(" ({p})"))
            .unwrap_or_default()
    ));
    out.push_str(&format!("  why: {}\n", c.grouping.reason));
    if let Some(r) = &c.replaced_by {
        out.push_str(&format!("  replaced by: {r}\n"));
    }
    out.push_str("\nDesignations\n");
    for d in &c.designations {
        out.push_str(&format!(
            "  {:<36} {:<12} {:<11} {}{}\n",
            d.term,
            d.kind.as_str(),
            d.status.as_str(),
            d.sources.join("; "),
            d.replaced_by
                .as_ref()
                .map(|r| format!("  → use '{r}'"))
                .unwrap_or_default()
        ));
    }
    out.push_str(&format!("\nDefinitions ({})\n", c.definitions.len()));
    for d in &c.definitions {
        let mut tags = Vec::new();
        if d.preferred {
            tags.push("preferred".to_string());
        }
        if let Some(s) = &d.superseded_by {
            tags.push(format!("superseded by {s}"));
        }
        if let Some(s) = &d.supersedes {
            tags.push(format!("supersedes {s}"));
        }
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!("  ({})", tags.join(", "))
        };
        out.push_str(&format!(
            "  [{}] {}{}{}\n      {}\n",
            d.entry,
            d.source,
            d.year.map(|y| format!(", {y}")).unwrap_or_default(),
            tags,
            d.text
        ));
    }
    if !c.relations.is_empty() {
        out.push_str("\nRelations\n");
        for r in &c.relations {
            out.push_str(&format!(
                "  {:<9} {} [{}]\n",
                r.kind.as_str(),
                r.label,
                r.concept
            ));
        }
    }
    for n in &c.notes {
        out.push_str(&format!("\nNote: {n}\n"));
    }
    out
}
