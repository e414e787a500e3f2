//! `mvterms compare ID_OR_TEXT…`

use super::registry_args::RegistryArgs;
use crate::clusters::ClusterRef;
use crate::compare::diff::Op;
use crate::compare::{CompareOptions, Comparer, Comparison, Item, ItemInput};
use crate::corpus::Corpus;
use crate::model::Collection;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Each argument is an entry id (e.g. ball-2022) or, when it contains a \
space, a text to compare (quote it). Compare two or more, or one with --nearest N to compare it \
with the whole corpus. Diffs are shown against the first item: [-removed-] {+added+}."
)]
pub struct Args {
    /// Entry ids and/or quoted texts.
    #[arg(value_name = "ID_OR_TEXT", required = true)]
    items: Vec<String>,
    /// Also list the N corpus definitions nearest to each item (1 to 100).
    #[arg(long, value_name = "N", default_value_t = 0)]
    nearest: usize,
    /// Only nearest definitions of this collection.
    #[arg(long, value_parser = |s: &str| s.parse::<Collection>())]
    collection: Option<Collection>,
    /// Print the same JSON object as POST /v1/compare.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    registry: RegistryArgs,
}

/// An argument with white space in it is a text; anything else names an entry.
fn input(arg: &str) -> ItemInput {
    if arg.trim().is_empty() || arg.chars().any(char::is_whitespace) {
        ItemInput::Text(arg.to_string())
    } else {
        ItemInput::Id(arg.to_string())
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Compare needs the corpus only, not the index.
    let corpus = Corpus::load(&args.registry.corpus)?;
    let comparer = Comparer::new(&corpus);
    let items: Vec<ItemInput> = args.items.iter().map(|a| input(a)).collect();
    let options = CompareOptions {
        nearest: args.nearest,
        collection: args.collection,
    };
    let comparison = comparer.compare(&items, &options)?;
    if args.json {
        super::emit(&(serde_json::to_string_pretty(&comparison)? + "\n"))?;
    } else {
        super::emit(&human(&comparison))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn labels(refs: &[ClusterRef]) -> String {
    if refs.is_empty() {
        "—".into()
    } else {
        refs.iter()
            .map(|r| r.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn name(item: &Item, i: usize) -> String {
    match &item.id {
        Some(id) => format!("[{}] {id}", i + 1),
        None => format!("[{}] text", i + 1),
    }
}

/// The comparison laid out for reading, diffs like `git diff --word-diff`.
pub fn human(c: &Comparison) -> String {
    let mut out = String::new();
    for (i, item) in c.items.iter().enumerate() {
        let _ = writeln!(out, "{}", name(item, i));
        let _ = writeln!(out, "    {}", item.text);
        let _ = writeln!(
            out,
            "    characteristics: {}",
            labels(&item.characteristics)
        );
        if let Some(f) = &item.fgmv20 {
            let _ = writeln!(out, "    FGMV-20: {}", f.summary);
        }
        if let Some(nearest) = &item.nearest {
            let _ = writeln!(out, "    nearest definitions:");
            for n in nearest {
                let _ = writeln!(
                    out,
                    "      {:.2}  {}  ({}); shares: {}",
                    n.similarity,
                    n.id,
                    n.term,
                    labels(&n.shared)
                );
            }
        }
        out.push('\n');
    }
    if !c.pairs.is_empty() {
        let _ = writeln!(
            out,
            "similarity ({}) and words in common:",
            c.pairs[0].method
        );
        for p in &c.pairs {
            let _ = writeln!(
                out,
                "  [{}] ~ [{}]  {:.2}   {:.0} % of words",
                p.a + 1,
                p.b + 1,
                p.similarity,
                p.words_in_common * 100.0
            );
        }
        let _ = writeln!(out, "\nshared by all: {}", labels(&c.shared));
        for (i, d) in c.distinct.iter().enumerate() {
            let _ = writeln!(out, "only in [{}]: {}", i + 1, labels(d));
        }
    }
    for d in &c.diff {
        let _ = writeln!(
            out,
            "\ndiff {} → {}: {}",
            name(&c.items[d.a], d.a),
            name(&c.items[d.b], d.b),
            match d.changes {
                0 => "the same words (case or punctuation may differ)".to_string(),
                1 => "1 change".to_string(),
                n => format!("{n} changes"),
            }
        );
        if d.changes == 0 {
            continue;
        }
        let _ = writeln!(out, "  {}", d.marked());
        for ch in d.ops.iter().filter(|o| o.op != Op::Equal) {
            let a = ch.a.as_deref().unwrap_or("");
            let b = ch.b.as_deref().unwrap_or("");
            let _ = match ch.op {
                Op::Delete => writeln!(out, "  - removed  \"{a}\""),
                Op::Insert => writeln!(out, "  + added    \"{b}\""),
                Op::Replace => writeln!(out, "  ~ replaced \"{a}\" → \"{b}\""),
                Op::Equal => Ok(()),
            };
        }
    }
    out
}
