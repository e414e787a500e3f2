//! The Markdown report of `mvterms clusters --format md`: the analysis written for an editor to
//! hand around. The characteristic table, FGMV-20 and its coverage, the breakdown by kind of
//! source, every cluster with its terms and why, and how it was computed. It holds no date, so
//! the same corpus gives the same file.

use super::{Cluster, Clusters};
use std::fmt::Write;

/// Clusters shown in the report: those expressed by at least this many counted definitions
/// (every cluster is in the JSON).
pub const REPORT_MIN_COUNT: usize = 3;

const GROUPS: [(&str, &str); 3] = [
    ("academic", "academic"),
    ("industry", "industry"),
    ("standards_government", "standards & government"),
];

fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// A table cell: pipes and line breaks would break the row.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

fn terms_cell(c: &Cluster, n: usize) -> String {
    let shown: Vec<String> = c
        .terms
        .iter()
        .take(n)
        .map(|t| format!("{} ({})", t.term, t.count))
        .collect();
    let more = c.terms.len().saturating_sub(n);
    let mut out = shown.join(", ");
    if more > 0 {
        let _ = write!(out, ", … {more} more");
    }
    cell(&out)
}

/// The report.
pub fn markdown(c: &Clusters) -> String {
    let mut out = String::new();
    let shown: Vec<&Cluster> = c
        .clusters
        .iter()
        .filter(|x| x.count >= REPORT_MIN_COUNT || x.curated)
        .collect();
    let fingerprint = c.method.corpus_fingerprint.get(..12).unwrap_or("");
    let _ = writeln!(
        out,
        "# Characteristics of the collected definitions of *metaverse*\n\n\
         The FGMV-02 analysis, computed by mvterms {} from the registry corpus (fingerprint \
         `{fingerprint}`). The same corpus gives the same report. {} definitions of *metaverse* \
         are counted; {} definitions were read in all (see [How it was computed](#how-it-was-computed)).\n",
        env!("CARGO_PKG_VERSION"),
        c.base.definitions,
        c.method.analysed
    );

    // The characteristic table.
    let _ = writeln!(
        out,
        "## Characteristic table\n\n\
         Each row is one concept (a cluster of terms). *Share* is the fraction of the {} \
         definitions of *metaverse* that express it; the kind columns give the share within each \
         group of sources as FGMV-02 grouped them. Characteristics expressed by fewer than \
         {REPORT_MIN_COUNT} definitions are left out here ({} of {} clusters shown; all are in \
         `mvterms clusters --json`).\n",
        c.base.definitions,
        shown.len(),
        c.clusters.len()
    );
    let _ = writeln!(
        out,
        "| # | characteristic | share | definitions | academic | industry | standards & government | terms (definitions using them) |\n\
         |---:|---|---:|---:|---:|---:|---:|---|"
    );
    for (i, x) in shown.iter().enumerate() {
        let by = |g: &str| x.by_kind.get(g).map_or("–".into(), |s| percent(s.share));
        let _ = writeln!(
            out,
            "| {} | {}{} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            cell(&x.label),
            if x.curated { " ✎" } else { "" },
            percent(x.share),
            x.count,
            by("academic"),
            by("industry"),
            by("standards_government"),
            terms_cell(x, 6)
        );
    }
    let _ = writeln!(
        out,
        "\n✎ = fixed by the editors in `corpus/clusters.toml`.\n"
    );

    // FGMV-20.
    if let Some(f) = &c.fgmv20 {
        let _ = writeln!(
            out,
            "## FGMV-20 and its characteristics\n\n\
             FGMV-20 (`{}`): “{}”\n\n\
             Read like every other definition, it expresses the characteristics below. The table \
             shows how many of the collected definitions express each; {} of the definitions \
             express at least half of them.\n",
            f.id,
            f.definition,
            percent(f.half_covered_share)
        );
        let _ = writeln!(
            out,
            "| FGMV-20 characteristic | share | definitions | academic | industry | standards & government |\n\
             |---|---:|---:|---:|---:|---:|"
        );
        for r in &f.characteristics {
            if let Some(x) = c.get(&r.id) {
                let by = |g: &str| x.by_kind.get(g).map_or("–".into(), |s| percent(s.share));
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} |",
                    cell(&x.label),
                    percent(x.share),
                    x.count,
                    by("academic"),
                    by("industry"),
                    by("standards_government")
                );
            }
        }
        out.push('\n');
    }

    // Breakdown by kind.
    let _ = writeln!(
        out,
        "## Breakdown by kind of source\n\n\
         FGMV-02 compared three groups of sources: academic, industry (business initiatives), and \
         standards and government (international organizations). Other kinds (dictionary, media, \
         encyclopedia, fiction) count in the totals only.\n"
    );
    for (key, name) in GROUPS {
        let size = c.base.by_kind.get(key).copied().unwrap_or(0);
        let mut top: Vec<&Cluster> = c
            .clusters
            .iter()
            .filter(|x| x.by_kind.get(key).is_some_and(|s| s.expressing > 0))
            .collect();
        top.sort_by(|a, b| {
            let (sa, sb) = (&a.by_kind[key], &b.by_kind[key]);
            sb.expressing
                .cmp(&sa.expressing)
                .then(b.count.cmp(&a.count))
                .then(a.label.cmp(&b.label))
        });
        let listed: Vec<String> = top
            .iter()
            .take(12)
            .map(|x| format!("{} {}", cell(&x.label), percent(x.by_kind[key].share)))
            .collect();
        let _ = writeln!(
            out,
            "- **{name}** ({size} definitions): {}",
            if listed.is_empty() {
                "—".into()
            } else {
                listed.join("; ")
            }
        );
    }
    out.push('\n');

    // The clusters in full.
    let _ = writeln!(
        out,
        "## The clusters\n\n\
         Every term of a cluster says why it is there: *label* (the cluster's most used term), \
         *same stem*, *spelling variant*, *registry abbreviation* (as `abbreviations.toml` or an \
         entry lists it), *distributional* (used like another member across the corpus), \
         *phrase of* (a phrase built on the cluster's term, shown to explain its use), *curated* \
         (placed by the editors).\n"
    );
    for x in &shown {
        let _ = writeln!(
            out,
            "### {} (`{}`): {} of the definitions\n",
            cell(&x.label),
            x.id,
            percent(x.share)
        );
        if let Some(note) = &x.note {
            let _ = writeln!(out, "Editors' note: {note}\n");
        }
        let _ = writeln!(out, "| term | definitions | why |\n|---|---:|---|");
        for t in &x.terms {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&t.term),
                t.count,
                cell(&t.why)
            );
        }
        let _ = writeln!(out, "\nExpressed by: {}\n", x.entries.join(", "));
    }

    // Coverage per definition.
    if c.fgmv20.is_some() {
        let _ = writeln!(
            out,
            "## Definitions and their FGMV-20 coverage\n\n\
             | definition | kind | FGMV-20 coverage | lacks |\n|---|---|---:|---|"
        );
        for e in c.coverage.iter().filter(|e| e.counted) {
            if let Some(f) = &e.fgmv20 {
                let lacks: Vec<&str> = f.lacks.iter().map(|r| r.label.as_str()).collect();
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    e.id,
                    e.kind.map_or("–".to_string(), |k| k.to_string()),
                    percent(f.share),
                    cell(&lacks.join(", "))
                );
            }
        }
        out.push('\n');
    }

    // Method.
    let _ = writeln!(out, "## How it was computed\n");
    for (i, step) in c.method.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {step}", i + 1);
    }
    let o = &c.method.options;
    let _ = writeln!(
        out,
        "\nParameters: min_entries = {}, similarity_threshold = {}, bound_ratio = {}.\n",
        o.min_entries, o.similarity_threshold, o.bound_ratio
    );
    let _ = writeln!(
        out,
        "### Which definitions count\n\n{} definitions of the metaverse collection were read; \
         {} define *metaverse* and count in the shares. Not counted:\n",
        c.method.analysed, c.base.definitions
    );
    for e in &c.base.excluded {
        let _ = writeln!(out, "- `{}`: {}", e.id, e.reason);
    }
    if !c.warnings.is_empty() {
        let _ = writeln!(out, "\n### Editors' decisions not applied\n");
        for w in &c.warnings {
            let _ = writeln!(out, "- {w}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clusters::tests::small_corpus;

    #[test]
    fn the_report_has_the_table_the_clusters_and_the_method() {
        let c = Clusters::compute(&small_corpus());
        let md = markdown(&c);
        assert!(md.starts_with("# Characteristics of the collected definitions of *metaverse*"));
        assert!(md.contains("| 1 | virtual world | 100.0 % | 7 |"), "{md}");
        assert!(md.contains("### virtual world (`virtual-world`): 100.0 % of the definitions"));
        assert!(
            md.contains("| virtual space | 2 | same modifier 'virtual'"),
            "{md}"
        );
        assert!(
            md.contains("- **academic** (3 definitions): virtual world 100.0 %"),
            "{md}"
        );
        assert!(md.contains("## How it was computed"));
        assert!(md.contains("- `s2`: flagged 'characterisation'"));
        assert_eq!(md, markdown(&Clusters::compute(&small_corpus())));
    }

    #[test]
    fn pipes_in_terms_do_not_break_tables() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
