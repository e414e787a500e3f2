//! The reports of `mvterms clusters --format md` and `--format html`: the analysis written for
//! an editor to hand around. The characteristic table (with its chart), FGMV-20 and the
//! coverage of every definition, the breakdown by kind of source, every characteristic with
//! its expressions and why, what was left out, and how it was computed. They hold no date, so
//! the same corpus gives the same file.

use super::chart::{self, escape};
use super::{Cluster, Clusters};
use std::fmt::Write;

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

/// The expressions of a characteristic with their counts, the first `n`.
pub fn terms_text(c: &Cluster, n: usize) -> String {
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
    out
}

fn by_kind(x: &Cluster, group: &str) -> String {
    x.by_kind
        .get(group)
        .map_or("–".into(), |s| percent(s.share))
}

/// The Markdown report. The chart is inline SVG (rendered by most Markdown viewers);
/// `mvterms clusters --format svg` writes it alone.
pub fn markdown(c: &Clusters) -> String {
    let mut out = String::new();
    let fingerprint = c.method.corpus_fingerprint.get(..12).unwrap_or("");
    let table: Vec<&Cluster> = c.table().collect();
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
    let _ = writeln!(
        out,
        "## Characteristic table\n\n\
         Each row is one characteristic: a concept, whatever words a definition uses for it. \
         *Share* is the fraction of the {} definitions of *metaverse* that express it; the kind \
         columns give the share within each group of sources as FGMV-02 grouped them. The {} \
         characteristics of the table together cover {} of the definitions; {} other, smaller \
         ones are in `mvterms clusters --all` and the JSON.\n",
        c.base.definitions,
        table.len(),
        percent(c.table_coverage),
        c.clusters.len() - table.len()
    );
    let _ = writeln!(
        out,
        "| # | characteristic | scope | share | definitions | academic | industry | standards & government | expressions (definitions using them) |\n\
         |---:|---|---|---:|---:|---:|---:|---:|---|"
    );
    for (i, x) in table.iter().enumerate() {
        let _ = writeln!(
            out,
            "| {} | {}{} | {} | {} | {} | {} | {} | {} | {} |",
            i + 1,
            cell(&x.label),
            if x.curated { " ✎" } else { "" },
            cell(&x.scope),
            percent(x.share),
            x.count,
            by_kind(x, "academic"),
            by_kind(x, "industry"),
            by_kind(x, "standards_government"),
            cell(&terms_text(x, 6))
        );
    }
    let _ = writeln!(
        out,
        "\n✎ = decided by the editors in `corpus/clusters.toml`.\n\n\
         ### Shares by kind of source\n"
    );
    out.push_str(&chart::svg(c));
    out.push('\n');

    // FGMV-20.
    if let Some(f) = &c.fgmv20 {
        let n = f.characteristics.len();
        let _ = writeln!(
            out,
            "## FGMV-20 and its characteristics\n\n\
             FGMV-20 (`{}`): “{}”{}\n\n\
             Read as a terminologist reads it: the genus *{}* and {} delimiting characteristics. \
             The table shows how many of the collected definitions express each.\n",
            f.id,
            f.definition,
            f.notes.iter().map(|n| format!(" {n}")).collect::<String>(),
            f.genus,
            n.saturating_sub(1)
        );
        let _ = writeln!(
            out,
            "| FGMV-20 characteristic | role | expressed by (characteristics) | share | definitions |\n\
             |---|---|---|---:|---:|"
        );
        for x in &f.characteristics {
            let clusters: Vec<&str> = x.clusters.iter().map(|r| r.label.as_str()).collect();
            let _ = writeln!(
                out,
                "| {} | {}{} | {}{} | {} | {} |",
                cell(&x.label),
                x.role,
                if x.from == "note" { " (NOTE)" } else { "" },
                cell(&clusters.join(", ")),
                if x.needs > 1 {
                    format!(" (any {})", x.needs)
                } else {
                    String::new()
                },
                percent(x.share),
                x.count
            );
        }
        let s = &f.summary;
        let distribution: Vec<String> = s
            .by_expressed
            .iter()
            .enumerate()
            .map(|(k, d)| format!("{k} of {n}: {d}"))
            .collect();
        let _ = writeln!(
            out,
            "\nOf the {} definitions, the median one expresses {} of FGMV-20's {n} \
             characteristics; on average a definition expresses {} of them; {} express at \
             least half. Definitions by how many they express: {}.\n",
            s.definitions,
            s.median_expressed,
            percent(s.mean_share),
            percent(s.at_least_half_share),
            distribution.join("; ")
        );
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
        let mut top: Vec<&Cluster> = table
            .iter()
            .copied()
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

    // The characteristics in full.
    let _ = writeln!(
        out,
        "## The characteristics\n\n\
         Every expression says why it is there: *label* (the most used), *same stem* (another \
         form of the word that is itself a characteristic), *spelling variant*, *registry \
         abbreviation* (as `abbreviations.toml` or an entry lists it), *distributional* (same \
         modifier, heads used alike), *shared contexts* (used in the same contexts and not \
         together), *kind of* (“technologies such as virtual reality”), *phrase of* (a phrase \
         built on the characteristic's word, shown to explain its use), *curated* (placed by the \
         editors). For each definition, the words that expressed it.\n"
    );
    for x in &table {
        let _ = writeln!(
            out,
            "### {} (`{}`): {} of the definitions\n\n{}\n",
            cell(&x.label),
            x.id,
            percent(x.share),
            x.scope
        );
        let _ = writeln!(out, "| expression | definitions | why |\n|---|---:|---|");
        for t in &x.terms {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                cell(&t.term),
                t.count,
                cell(&t.why)
            );
        }
        let by: Vec<String> = x
            .expressions
            .iter()
            .map(|e| {
                let words: Vec<String> = e
                    .words
                    .iter()
                    .map(|w| format!("“{}” {}–{}", w.term, w.start, w.end))
                    .collect();
                format!("`{}` ({})", e.id, words.join(", "))
            })
            .collect();
        let _ = writeln!(out, "\nExpressed by: {}\n", by.join("; "));
    }

    // Coverage per definition.
    if c.fgmv20.is_some() {
        let _ = writeln!(
            out,
            "## Definitions and their FGMV-20 coverage\n\n\
             | definition | kind | coverage | FGMV-20 |\n|---|---|---:|---|"
        );
        for e in c.coverage.iter().filter(|e| e.counted) {
            if let Some(f) = &e.fgmv20 {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    e.id,
                    e.kind.map_or("–".to_string(), |k| k.to_string()),
                    percent(f.share),
                    cell(&f.summary)
                );
            }
        }
        out.push('\n');
    }

    // Left out.
    let _ = writeln!(
        out,
        "## Words that are not characteristics\n\n\
         The most used words of the definitions that are no characteristic, and why (all are in \
         the JSON, `left_out`).\n\n| word | definitions | why |\n|---|---:|---|"
    );
    for l in c.left_out.iter().take(40) {
        let _ = writeln!(
            out,
            "| {} | {} | {} |",
            cell(&l.term),
            l.count,
            cell(&l.why)
        );
    }
    out.push('\n');

    // Method.
    let _ = writeln!(out, "## How it was computed\n");
    for (i, step) in c.method.steps.iter().enumerate() {
        let _ = writeln!(out, "{}. {step}", i + 1);
    }
    let o = &c.method.options;
    let _ = writeln!(
        out,
        "\nParameters: min_entries = {}, head_threshold = {}, similarity_threshold = {}, \
         min_contexts = {}, bound_ratio = {}, keyness: G² ≥ {} and log ratio ≥ {}, frame share \
         ≥ {} in ≥ {} definitions; table: at most {}, each expressed by at least {} \
         definitions and {}.\n",
        o.min_entries,
        o.head_threshold,
        o.similarity_threshold,
        o.min_contexts,
        o.bound_ratio,
        o.keyness.min_g2,
        o.keyness.min_log_ratio,
        o.keyness.frame_share,
        o.keyness.frame_definitions,
        o.table_size,
        o.table_min_count,
        percent(o.table_min_share)
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

/// A self-contained HTML page of the table, the chart and FGMV-20 (no JavaScript).
pub fn html(c: &Clusters) -> String {
    let mut out = String::new();
    out.push_str(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Characteristics of the definitions of metaverse</title>\n\
         <style>body{font-family:system-ui,sans-serif;max-width:80rem;margin:2rem auto;padding:0 1rem;color:#111}\
         table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #bbb;padding:.3rem .5rem;vertical-align:top;text-align:left}\
         td.n{text-align:right}svg{max-width:100%;height:auto}</style>\n</head>\n<body>\n<main>\n",
    );
    let _ = writeln!(
        out,
        "<h1>Characteristics of the collected definitions of <i>metaverse</i></h1>\n\
         <p>{} definitions of <i>metaverse</i> counted; the {} characteristics of the table \
         cover {} of them.</p>",
        c.base.definitions,
        c.table().count(),
        escape(&percent(c.table_coverage))
    );
    out.push_str("<h2>Characteristic table</h2>\n<table>\n<thead><tr><th>#</th><th>characteristic</th><th>scope</th><th>share</th><th>definitions</th><th>academic</th><th>industry</th><th>standards &amp; government</th><th>expressions</th></tr></thead>\n<tbody>\n");
    for (i, x) in c.table().enumerate() {
        let _ = writeln!(
            out,
            "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            i + 1,
            escape(&x.label),
            escape(&x.scope),
            escape(&percent(x.share)),
            x.count,
            escape(&by_kind(x, "academic")),
            escape(&by_kind(x, "industry")),
            escape(&by_kind(x, "standards_government")),
            escape(&terms_text(x, 6))
        );
    }
    out.push_str("</tbody>\n</table>\n<h2>Shares by kind of source</h2>\n<figure>\n");
    out.push_str(&chart::svg(c));
    out.push_str("</figure>\n");
    if let Some(f) = &c.fgmv20 {
        let _ = writeln!(
            out,
            "<h2>FGMV-20 and its characteristics</h2>\n<p>“{}”</p>\n<table>\n<thead><tr><th>characteristic</th><th>role</th><th>share</th><th>definitions</th></tr></thead>\n<tbody>",
            escape(&f.definition)
        );
        for x in &f.characteristics {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&x.label),
                escape(&x.role),
                escape(&percent(x.share)),
                x.count
            );
        }
        let _ = writeln!(
            out,
            "</tbody>\n</table>\n<p>The median definition expresses {} of {}; {} express at least half.</p>",
            f.summary.median_expressed,
            f.summary.characteristics,
            escape(&percent(f.summary.at_least_half_share))
        );
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clusters::tests::small_corpus;

    #[test]
    fn the_report_has_the_table_the_chart_fgmv20_and_the_method() {
        let c = Clusters::compute(&small_corpus());
        let md = markdown(&c);
        assert!(md.starts_with("# Characteristics of the collected definitions of *metaverse*"));
        assert!(md.contains("| 1 | virtual world |"), "{md}");
        assert!(md.contains("<svg xmlns="), "{md}");
        assert!(md.contains("### virtual world (`virtual-world`)"), "{md}");
        assert!(md.contains("## How it was computed"));
        assert!(md.contains("- `s2`: flagged 'characterisation'"));
        assert_eq!(md, markdown(&Clusters::compute(&small_corpus())));
        let page = html(&c);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("<svg xmlns="));
        assert!(page.contains("standards &amp; government"));
    }

    #[test]
    fn pipes_in_terms_do_not_break_tables() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
