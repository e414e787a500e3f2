//! The SVG chart of the characteristic table: for each characteristic, its share of the
//! definitions of each of FGMV-02's source groups (academic, industry, standards and government),
//! as horizontal bars side by side. Written by hand with care: every text escaped, sizes
//! computed from the longest label so that nothing overlaps, labelled axes and a legend.

use super::Clusters;
use std::fmt::Write;

/// FGMV-02's groups: key in `by_kind`, name shown, bar colour (colour-blind safe, Okabe–Ito).
const GROUPS: [(&str, &str, &str); 3] = [
    ("academic", "academic", "#0072B2"),
    ("industry", "industry", "#E69F00"),
    ("standards_government", "standards & government", "#009E73"),
];

const FONT: &str = "DejaVu Sans, Verdana, Arial, sans-serif";
const FONT_SIZE: f64 = 12.0;
/// Width of one character at `FONT_SIZE`, generous for a proportional sans-serif font (Verdana
/// and DejaVu Sans are among the widest), so that computed widths are never too small.
const CHAR_WIDTH: f64 = 7.4;
const BAR: f64 = 6.0;
const ROW_GAP: f64 = 8.0;
const PLOT_WIDTH: f64 = 420.0;

/// Escapes text for SVG/XML character data and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn width_of(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

/// The chart of the table's characteristics, as a standalone SVG document.
pub fn svg(c: &Clusters) -> String {
    let rows: Vec<&super::Cluster> = c.table().collect();
    let labels: Vec<String> = rows
        .iter()
        .map(|x| format!("{} ({:.0} %)", x.label, x.share * 100.0))
        .collect();
    let label_width = labels.iter().map(|l| width_of(l)).fold(120.0, f64::max);
    let left = 16.0 + label_width + 10.0;
    let title = "Characteristics of the definitions of metaverse, by kind of source";
    let legend_items: Vec<(String, &str)> = GROUPS
        .iter()
        .map(|(key, name, colour)| {
            let n = c.base.by_kind.get(*key).copied().unwrap_or(0);
            (format!("{name} ({n} definitions)"), *colour)
        })
        .collect();
    let legend_width: f64 = legend_items
        .iter()
        .map(|(t, _)| 18.0 + width_of(t) + 16.0)
        .sum();
    let width = (left + PLOT_WIDTH + 40.0)
        .max(16.0 + width_of(title) * 1.15 + 16.0)
        .max(16.0 + legend_width + 16.0)
        .ceil();
    let top = 86.0;
    let row_height = BAR * GROUPS.len() as f64 + ROW_GAP;
    let plot_height = (rows.len().max(1) as f64) * row_height;
    let axis_y = top + plot_height + 4.0;
    let height = (axis_y + 52.0).ceil();
    let x_of = |share: f64| left + share.clamp(0.0, 1.0) * PLOT_WIDTH;

    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title chart-desc" font-family="{FONT}" font-size="{FONT_SIZE}">"#
    );
    let _ = writeln!(out, r#"<title id="chart-title">{}</title>"#, escape(title));
    let _ = writeln!(
        out,
        r#"<desc id="chart-desc">{}</desc>"#,
        escape(&format!(
            "Share of the definitions of each group of sources that express each of the {} characteristics of the table; {} definitions of metaverse counted.",
            rows.len(),
            c.base.definitions
        ))
    );
    let _ = writeln!(
        out,
        r##"<rect width="100%" height="100%" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        out,
        r##"<text x="16" y="24" font-size="15" font-weight="bold" fill="#111111">{}</text>"##,
        escape(title)
    );
    // Legend, one line above the plot.
    let mut x = 16.0;
    for (text, colour) in &legend_items {
        let _ = writeln!(
            out,
            r##"<rect x="{x:.1}" y="38" width="12" height="12" fill="{colour}"/><text x="{:.1}" y="48.5" fill="#111111">{}</text>"##,
            x + 18.0,
            escape(text)
        );
        x += 18.0 + width_of(text) + 16.0;
    }
    // Grid lines and ticks every 20 %.
    for tick in (0..=100).step_by(20) {
        let gx = x_of(tick as f64 / 100.0);
        let _ = writeln!(
            out,
            r##"<line x1="{gx:.1}" y1="{:.1}" x2="{gx:.1}" y2="{axis_y:.1}" stroke="#dddddd" stroke-width="1"/><text x="{gx:.1}" y="{:.1}" text-anchor="middle" fill="#333333">{tick} %</text>"##,
            top - 6.0,
            axis_y + 16.0
        );
    }
    let _ = writeln!(
        out,
        r##"<line x1="{left:.1}" y1="{axis_y:.1}" x2="{:.1}" y2="{axis_y:.1}" stroke="#333333" stroke-width="1"/><line x1="{left:.1}" y1="{:.1}" x2="{left:.1}" y2="{axis_y:.1}" stroke="#333333" stroke-width="1"/>"##,
        left + PLOT_WIDTH,
        top - 6.0
    );
    let _ = writeln!(
        out,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="middle" fill="#111111">share of the definitions of the group that express the characteristic</text>"##,
        left + PLOT_WIDTH / 2.0,
        axis_y + 36.0
    );
    let _ = writeln!(
        out,
        r##"<text x="16" y="{:.1}" fill="#111111" font-weight="bold">characteristic (share of all definitions)</text>"##,
        top - 10.0
    );
    for (i, (row, label)) in rows.iter().zip(&labels).enumerate() {
        let y = top + i as f64 * row_height;
        let _ = writeln!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#111111">{}</text>"##,
            left - 8.0,
            y + BAR * 1.5 + FONT_SIZE * 0.35,
            escape(label)
        );
        for (g, (key, name, colour)) in GROUPS.iter().enumerate() {
            let share = row.by_kind.get(*key).map_or(0.0, |s| s.share);
            let w = x_of(share) - left;
            let _ = writeln!(
                out,
                r#"<rect x="{left:.1}" y="{:.1}" width="{w:.1}" height="{BAR}" fill="{colour}"><title>{}</title></rect>"#,
                y + g as f64 * BAR,
                escape(&format!("{}: {name} {:.1} %", row.label, share * 100.0))
            );
        }
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clusters::tests::small_corpus;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
    }

    #[test]
    fn the_chart_has_a_bar_per_group_and_row_labels_axes_and_legend() {
        let c = Clusters::compute(&small_corpus());
        let svg = svg(&c);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        let rows = c.table().count();
        assert!(rows > 0);
        assert_eq!(svg.matches("<rect x=").count(), 3 + rows * 3, "{svg}");
        assert!(svg.contains("standards &amp; government"));
        assert!(svg.contains("100 %"));
        assert!(svg.contains("share of the definitions of the group"));
        // Well-formed enough for an XML reader: every opened element is closed.
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
        assert_eq!(svg, super::svg(&Clusters::compute(&small_corpus())));
    }
}
