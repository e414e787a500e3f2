//! `mvterms clusters`

use super::registry_args::RegistryArgs;
use crate::clusters::{Clusters, report};
use crate::compare::Comparer;
use crate::corpus::Corpus;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The concept clusters of the collected definitions of metaverse: the \
characteristic table of FGMV-02, computed from the corpus. --format md writes a report to hand \
around (mvterms clusters --format md > clusters.md). Editors pin, merge or split clusters in \
corpus/clusters.toml."
)]
pub struct Args {
    /// Output: human (a table), json (the object of GET /v1/clusters) or md (the report).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Same as --format json.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Show one entry's characteristics and FGMV-20 coverage instead.
    #[arg(long, value_name = "ID")]
    entry: Option<String>,
    #[command(flatten)]
    registry: RegistryArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Md,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let corpus = Corpus::load(&args.registry.corpus)?;
    let format = if args.json { Format::Json } else { args.format };
    if let Some(id) = &args.entry {
        let item = Comparer::new(&corpus).entry_item(id)?;
        if format == Format::Json {
            super::emit(&(serde_json::to_string_pretty(&item)? + "\n"))?;
        } else {
            let mut comparison_like = String::new();
            let names = |r: &[crate::clusters::ClusterRef]| {
                r.iter()
                    .map(|c| c.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                comparison_like,
                "{}  [{id}]\n\n{}\n",
                item.term.unwrap_or_default(),
                item.text
            );
            let _ = writeln!(
                comparison_like,
                "characteristics: {}",
                names(&item.characteristics)
            );
            if let Some(f) = item.fgmv20 {
                let _ = writeln!(
                    comparison_like,
                    "FGMV-20 expresses: {}",
                    names(&f.expresses)
                );
                let _ = writeln!(comparison_like, "FGMV-20 lacks:     {}", names(&f.lacks));
                let _ = writeln!(comparison_like, "beyond FGMV-20:    {}", names(&f.adds));
            }
            super::emit(&comparison_like)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let clusters = Clusters::compute(&corpus);
    for warning in &clusters.warnings {
        eprintln!("mvterms: warning: {warning}");
    }
    let text = match format {
        Format::Json => serde_json::to_string_pretty(&clusters)? + "\n",
        Format::Md => report::markdown(&clusters),
        Format::Human => human(&clusters),
    };
    super::emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The characteristic table for a terminal.
fn human(c: &Clusters) -> String {
    let mut out = format!(
        "{} clusters; share = fraction of the {} definitions of metaverse expressing it \
         (clusters expressed by fewer than {} are not listed; see --json)\n\n",
        c.clusters.len(),
        c.base.definitions,
        report::REPORT_MIN_COUNT
    );
    let _ = writeln!(
        out,
        "{:>6}  {:>5}  {:<26} terms",
        "share", "defs", "characteristic"
    );
    for x in c
        .clusters
        .iter()
        .filter(|x| x.count >= report::REPORT_MIN_COUNT || x.curated)
    {
        let terms: Vec<String> = x
            .terms
            .iter()
            .take(5)
            .map(|t| format!("{} ({})", t.term, t.count))
            .collect();
        let _ = writeln!(
            out,
            "{:>5.1}%  {:>5}  {:<26} {}",
            x.share * 100.0,
            x.count,
            x.label,
            terms.join(", ")
        );
    }
    if let Some(f) = &c.fgmv20 {
        let labels: Vec<&str> = f.characteristics.iter().map(|r| r.label.as_str()).collect();
        let _ = writeln!(out, "\nFGMV-20 ({}) expresses: {}", f.id, labels.join(", "));
    }
    out
}
