//! `mvterms clusters`

use super::registry_args::RegistryArgs;
use crate::clusters::{Clusters, chart, report};
use crate::compare::Comparer;
use crate::corpus::Corpus;
use crate::corpus::curated::CuratedClusters;
use std::fmt::Write;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The characteristics of the collected definitions of metaverse: the \
characteristic table of FGMV-02, computed from the corpus, with FGMV-20's coverage. \
--format md writes a report to hand around (mvterms clusters --format md > clusters.md), \
--format svg the chart alone. Editors pin, merge, split, rename or ignore characteristics in \
corpus/clusters.toml."
)]
pub struct Args {
    /// Output: human (the table), json (the object of GET /v1/clusters), md (the report, with
    /// the chart), html (a page), svg (the chart).
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Same as --format json.
    #[arg(long, conflicts_with = "format")]
    json: bool,
    /// Also list the characteristics outside the table and the words left out, with why.
    #[arg(long)]
    all: bool,
    /// Compute without the editors' decisions of corpus/clusters.toml (to see what the
    /// computation alone gives).
    #[arg(long)]
    no_curation: bool,
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
    Html,
    Svg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut corpus = Corpus::load(&args.registry.corpus)?;
    if args.no_curation {
        corpus = corpus.with_curated_clusters(CuratedClusters::default());
    }
    let format = if args.json { Format::Json } else { args.format };
    if let Some(id) = &args.entry {
        let item = Comparer::new(&corpus).entry_item(id)?;
        if format == Format::Json {
            super::emit(&(serde_json::to_string_pretty(&item)? + "\n"))?;
        } else {
            let mut text = String::new();
            let names = |r: &[crate::clusters::ClusterRef]| {
                r.iter()
                    .map(|c| c.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let _ = writeln!(
                text,
                "{}  [{id}]\n\n{}\n",
                item.term.unwrap_or_default(),
                item.text
            );
            let _ = writeln!(text, "characteristics: {}", names(&item.characteristics));
            if let Some(f) = item.fgmv20 {
                let _ = writeln!(text, "FGMV-20: {}", f.summary);
            }
            super::emit(&text)?;
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
        Format::Html => report::html(&clusters),
        Format::Svg => chart::svg(&clusters),
        Format::Human => human(&clusters, args.all),
    };
    super::emit(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// The characteristic table for a terminal.
fn human(c: &Clusters, all: bool) -> String {
    let table: Vec<_> = c.table().collect();
    let mut out = format!(
        "{} characteristics of the {} definitions of metaverse (share = fraction expressing it; \
         together they cover {:.1} %){}\n\n",
        table.len(),
        c.base.definitions,
        c.table_coverage * 100.0,
        if c.clusters.len() > table.len() && !all {
            format!(
                "; {} smaller ones with --all or --json",
                c.clusters.len() - table.len()
            )
        } else {
            String::new()
        }
    );
    let width = table
        .iter()
        .map(|x| x.label.chars().count())
        .max()
        .unwrap_or(14)
        .max(14);
    let _ = writeln!(
        out,
        "{:>6}  {:>4}  {:<width$}  {:>6} {:>6} {:>6}  expressions",
        "share", "defs", "characteristic", "acad.", "indus.", "st+gov"
    );
    let by = |x: &crate::clusters::Cluster, g: &str| {
        x.by_kind
            .get(g)
            .map_or("–".to_string(), |s| format!("{:.0}%", s.share * 100.0))
    };
    for x in &table {
        let _ = writeln!(
            out,
            "{:>5.1}%  {:>4}  {:<width$}  {:>6} {:>6} {:>6}  {}",
            x.share * 100.0,
            x.count,
            format!("{}{}", x.label, if x.curated { " ✎" } else { "" }),
            by(x, "academic"),
            by(x, "industry"),
            by(x, "standards_government"),
            report::terms_text(x, 5)
        );
    }
    if let Some(f) = &c.fgmv20 {
        let labels: Vec<String> = f
            .characteristics
            .iter()
            .map(|r| format!("{} ({:.0} %)", r.label, r.share * 100.0))
            .collect();
        let _ = writeln!(
            out,
            "\nFGMV-20 ({}): genus and {} delimiting characteristics: {}\n\
             the median definition expresses {} of {}; {:.1} % express at least half",
            f.id,
            f.characteristics.len().saturating_sub(1),
            labels.join("; "),
            f.summary.median_expressed,
            f.summary.characteristics,
            f.summary.at_least_half_share * 100.0
        );
    }
    if all {
        let _ = writeln!(out, "\nOutside the table:");
        for x in c.clusters.iter().filter(|x| !x.in_table) {
            let _ = writeln!(
                out,
                "{:>5.1}%  {:>4}  {:<width$}  {}",
                x.share * 100.0,
                x.count,
                x.label,
                report::terms_text(x, 5)
            );
        }
        let _ = writeln!(out, "\nNot characteristics:");
        for l in &c.left_out {
            let _ = writeln!(out, "{:>4}  {:<20}  {}", l.count, l.term, l.why);
        }
    }
    out
}
