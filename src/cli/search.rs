//! `mvterms search`

use super::registry_args::RegistryArgs;
use crate::cancel::Cancel;
use crate::model::{Collection, Kind};
use crate::search::{Matched, SearchRequest, SearchResults};
use std::io::IsTerminal;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "QUERY: words and \"quoted phrases\". No word is required: entries matching more \
of the query, closer together, in the term, come first. A quoted phrase or +word is required; \
-word excludes. Typos and prefixes are tolerated (digtal, metavers), abbreviations match their \
expansions (XR = extended reality), 3D = 3-D = three-dimensional, and other expressions of the \
same notion match below the words as typed (each hit says why, 'via'). Sources are searched \
too: FGMV-20, ITU-T Y.3090, Matthew Ball."
)]
pub struct Args {
    /// What to search for.
    query: String,
    /// Hits to show (1 to 100).
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Hits to skip.
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Only this collection.
    #[arg(long, value_parser = |s: &str| s.parse::<Collection>())]
    collection: Option<Collection>,
    /// Only this kind of source.
    #[arg(long, value_parser = |s: &str| s.parse::<Kind>())]
    kind: Option<Kind>,
    /// Only sources from this year on.
    #[arg(long)]
    year_from: Option<i32>,
    /// Only sources up to this year.
    #[arg(long)]
    year_to: Option<i32>,
    /// Only entries whose term is exactly this (case-insensitive).
    #[arg(long)]
    term: Option<String>,
    /// Only entries whose source (document, author, title) or id has these words, e.g. ITU-T.
    #[arg(long)]
    source: Option<String>,
    /// Group hits by term (reverse lookup: the terms that name the notion described).
    #[arg(long, value_parser = |s: &str| s.parse::<crate::search::Group>())]
    group: Option<crate::search::Group>,
    /// Print the same JSON object as GET /v1/search.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    registry: RegistryArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let registry = args.registry.open()?;
    let request = SearchRequest {
        q: args.query,
        limit: args.limit,
        offset: args.offset,
        collection: args.collection,
        kind: args.kind,
        year_from: args.year_from,
        year_to: args.year_to,
        term: args.term,
        source: args.source,
        group: args.group,
    };
    let results = registry.search(&request, &Cancel::never())?;
    if !args.json && results.total == 0 {
        // Nothing found: the nearest designations of the registry, as "did you mean".
        let asked = request.term.as_deref().unwrap_or(&request.q);
        let suggested = crate::terms::suggestions(registry.concepts(), asked, 5);
        if !suggested.is_empty() {
            super::emit(&format!(
                "no results for \"{asked}\"; did you mean: {}?\n",
                suggested.join(", ")
            ))?;
            return Ok(ExitCode::SUCCESS);
        }
    }
    if args.json {
        super::emit(&(serde_json::to_string_pretty(&results)? + "\n"))?;
    } else {
        super::emit(&human(&results, std::io::stdout().is_terminal()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Results as an editor reads them: term, id, source and year, then the snippet.
pub fn human(results: &SearchResults, color: bool) -> String {
    let mut out = String::new();
    let shown = results.hits.len();
    if shown == 0 {
        out.push_str(&format!("no results for \"{}\"\n", results.query));
        return out;
    }
    out.push_str(&format!(
        "{} result(s) for \"{}\"{}, showing {}–{}\n\n",
        results.total,
        results.query,
        if results.matched == Matched::Any && results.hits.len() > 1 {
            " (no entry has every word; entries with more of them first)"
        } else {
            ""
        },
        results.offset + 1,
        results.offset + shown
    ));
    if results.capped {
        out.push_str("(the query has many expansions; only the strongest were used)\n\n");
    }
    if let Some(groups) = &results.groups {
        for (i, g) in groups.iter().enumerate() {
            let sources = if g.sources.len() > 3 {
                format!("{}, …", g.sources[..3].join(", "))
            } else {
                g.sources.join(", ")
            };
            out.push_str(&format!(
                "{:>3}. {} — {} definition{} from {}\n",
                results.offset + i + 1,
                g.term,
                g.count,
                if g.count == 1 { "" } else { "s" },
                sources
            ));
            out.push_str(&format!("     {}\n", g.ids.join(", ")));
            if !g.concepts.is_empty() {
                out.push_str(&format!(
                    "     concept{} {}\n",
                    if g.concepts.len() == 1 { "" } else { "s" },
                    g.concepts.join(", ")
                ));
            }
        }
        out.push('\n');
    }
    for (i, hit) in results.hits.iter().enumerate() {
        let source = hit
            .source
            .document
            .as_deref()
            .or(hit.source.author.as_deref())
            .unwrap_or("unknown source");
        let mut meta = vec![source.to_string()];
        if let Some(year) = hit.year {
            meta.push(year.to_string());
        }
        if let Some(kind) = hit.kind {
            meta.push(kind.to_string());
        }
        if let Some(concept) = &hit.concept {
            meta.push(format!("concept {concept}"));
        }
        out.push_str(&format!(
            "{:>3}. {}  [{}]\n",
            results.offset + i + 1,
            hit.term,
            hit.id
        ));
        out.push_str(&format!("     {}\n", meta.join(" · ")));
        let snippet = if color {
            hit.highlight
                .html
                .replace("<mark>", "\x1b[1m")
                .replace("</mark>", "\x1b[0m")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&amp;", "&")
        } else {
            hit.highlight.text.clone()
        };
        let label = if hit.highlight.field == "definition" {
            String::new()
        } else {
            format!("({}) ", hit.highlight.field)
        };
        out.push_str(&format!("     {label}{snippet}\n"));
        for via in &hit.via {
            out.push_str(&format!("     via {via}\n"));
        }
        out.push('\n');
    }
    let facets = &results.facets;
    let list = |m: &std::collections::BTreeMap<String, u64>| {
        m.iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!(
        "by collection: {}\nby kind: {}\nby decade: {}\n",
        list(&facets.collection),
        list(&facets.kind),
        list(&facets.decade)
    ));
    if !facets.series.is_empty() {
        out.push_str(&format!("by series: {}\n", list(&facets.series)));
    }
    out
}
