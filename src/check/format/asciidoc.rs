//! Metanorma AsciiDoc drafts, the way open-source ITU and ISO documents are written: clauses are
//! `==` headings numbered by position (annexes, prefaces and the closing bibliography are not),
//! terms are headings under the Definitions clause with `alt:[]`, `deprecated:[]`, `NOTE:` and
//! `[.source]` blocks under them. Comments, sidebars (reviewer notes), listings and passthroughs are
//! not live text; `[stem]` blocks are equations. `include::` is not followed.

use super::adoc_inline::clean;
use super::inline::{LineText, ParagraphLines};
use super::suppression::parse_suppression;
use crate::check::bounds;
use crate::check::draft::SourceLines;
use crate::check::draft::block::{Block, BlockKind, ReadDraft};
use crate::check::draft::located::Located;

/// Reads a Metanorma AsciiDoc draft.
pub fn read(src: &str) -> ReadDraft {
    let mut r = Reader::default();
    let mut reading = bounds::Reading::default();
    let mut stopped = None;
    for (i, raw) in src.lines().enumerate() {
        r.line(raw, i + 1);
        stopped = reading.over(&r.blocks, r.para.size());
        if stopped.is_some() {
            break;
        }
    }
    if stopped.is_none() {
        r.flush();
        stopped = reading.over(&r.blocks, None);
    }
    ReadDraft {
        blocks: r.blocks,
        // A draft refused while read needs no excerpts.
        lines: if stopped.is_some() {
            SourceLines::default()
        } else {
            SourceLines::of(src)
        },
        doctype: r.doctype,
        suppressions: r.suppressions,
        stopped,
    }
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    doctype: Option<String>,
    suppressions: Vec<(usize, Vec<String>)>,
    /// Attribute lines (`[appendix]`, `[.source]` …) waiting for the block they apply to.
    attrs: Vec<String>,
    /// Lines of the paragraph being read, with the kind it will have.
    para: ParagraphLines,
    para_kind: Option<BlockKind>,
    para_formula: bool,
    /// The closing delimiter of a block whose content is skipped (`////`, `****`, `----`, `....`).
    skipping: Option<String>,
    /// Inside `====` (example or admonition) blocks: the kind their paragraphs take.
    container: Vec<(String, BlockKind)>,
    in_table: bool,
    /// Heading counters for numbering; `None` once inside an unnumbered section.
    counters: Vec<usize>,
    unnumbered_above: Vec<bool>,
}

impl Reader {
    fn line(&mut self, raw: &str, line_no: usize) {
        let t = raw.trim_end();
        if let Some(close) = &self.skipping {
            if t == close {
                self.skipping = None;
            }
            return;
        }
        if t.starts_with("//") && !t.starts_with("////") {
            if let Some(rules) = parse_suppression(t) {
                self.suppressions.push((line_no, rules));
            }
            return;
        }
        if t.is_empty() {
            self.flush();
            return;
        }
        if is_delimiter(t) {
            self.delimiter(t, line_no);
            return;
        }
        if t == "|===" {
            self.flush();
            self.in_table = !self.in_table;
            self.attrs.clear();
            return;
        }
        if self.in_table {
            self.table_row(raw, line_no);
            return;
        }
        if let Some(attr) = block_attribute(t) {
            self.flush();
            self.attrs.push(attr.to_string());
            return;
        }
        if let Some(rest) = t.strip_prefix(':') {
            if let Some(end) = rest.find(':') {
                let name = &rest[..end];
                if !name.is_empty() && !name.contains(' ') {
                    if name == "doctype" {
                        self.doctype = Some(rest[end + 1..].trim().to_string());
                    }
                    return;
                }
            }
        }
        let hashes = t.bytes().take_while(|&b| b == b'=').count();
        if hashes > 0 && t[hashes..].starts_with(' ') && self.para.is_empty() {
            self.heading(raw, hashes, line_no);
            return;
        }
        if t.starts_with("image::")
            || t.starts_with("include::")
            || t.starts_with("toc::")
            || t == "+"
            || t == "'''"
            || t == "<<<"
            || (t.starts_with('.')
                && !t.starts_with("..")
                && t.len() > 1
                && !t[1..].starts_with(' ')
                && self.para.is_empty())
        {
            return; // block titles, images, page breaks: not running text
        }
        for (macro_, deprecated) in [
            ("alt:[", false),
            ("deprecated:[", true),
            ("admitted:[", false),
        ] {
            if t.starts_with(macro_) && t.ends_with(']') {
                self.flush();
                let start = macro_.len();
                let mut lt = LineText::new(raw, line_no);
                lt.keep(start..t.len() - 1);
                self.blocks
                    .push(Block::new(BlockKind::AltTerm { deprecated }, lt.finish()));
                return;
            }
        }
        if t.starts_with("domain:[") {
            return;
        }
        self.text_line(raw, line_no);
    }

    fn text_line(&mut self, raw: &str, line_no: usize) {
        let t = raw.trim_end();
        let lead = raw.len() - raw.trim_start().len();
        let body = &t[lead..];
        // List items and definition-list items start a block of their own.
        let bullet = body
            .bytes()
            .take_while(|&b| b == b'*' || b == b'.' || b == b'-')
            .count();
        let is_item = bullet > 0 && body[bullet..].starts_with(' ');
        if let Some(sep) = body
            .find(":: ")
            .or_else(|| body.ends_with("::").then(|| body.len() - 2))
        {
            self.flush();
            let (label, _) = clean(&raw[..lead + sep], line_no);
            let (text, f) = clean_from(raw, lead + sep + 2, line_no);
            self.para_kind = Some(BlockKind::DefinitionItem {
                label: label.trim(),
            });
            self.para.push(text.trim());
            self.para_formula = f;
            return;
        }
        if is_item {
            self.flush();
            let start = lead + bullet + 1;
            let item = t[start..].trim_start();
            if let Some(rest) = item.strip_prefix("[[[") {
                if let Some(close) = rest.find("]]]") {
                    let tags = rest[..close]
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect();
                    let after = t.len() - item.len() + 3 + close + 3;
                    let (text, _) = clean_from(raw, after, line_no);
                    self.para_kind = Some(BlockKind::Reference { tags });
                    self.para.push(text.trim());
                    return;
                }
            }
            let (text, f) = clean_from(raw, start, line_no);
            self.para.push(text.trim());
            self.para_formula = f;
            return;
        }
        let (mut start, mut kind) = (0, None);
        if self.para.is_empty() {
            if let Some(rest) = body.strip_prefix("NOTE:") {
                start = lead + 5 + (rest.len() - rest.trim_start().len());
                kind = Some(BlockKind::Note);
            }
        }
        let (text, f) = clean_from(raw, start, line_no);
        if kind.is_some() {
            self.para_kind = kind;
        }
        self.para.push(text.trim());
        self.para_formula = f;
    }

    fn table_row(&mut self, raw: &str, line_no: usize) {
        // Table cells are running text; the `|` separators are symbols no rule reads as words.
        self.flush();
        let (text, _) = clean(raw, line_no);
        let text = text.trim();
        if !text
            .text()
            .trim_matches(|c: char| c == '|' || c.is_whitespace())
            .is_empty()
        {
            self.blocks.push(Block::new(BlockKind::Paragraph, text));
        }
    }

    fn delimiter(&mut self, t: &str, _line_no: usize) {
        self.flush();
        let attrs = std::mem::take(&mut self.attrs);
        if let Some(pos) = self.container.iter().rposition(|(d, _)| d == t) {
            self.container.truncate(pos);
            return;
        }
        let has = |a: &str| {
            attrs
                .iter()
                .any(|x| x.eq_ignore_ascii_case(a) || role_is(x, a))
        };
        match &t[..1] {
            "+" if has("stem") || has("latexmath") || has("asciimath") => {
                self.skipping = Some(t.to_string());
                if let Some(last) = self.blocks.last_mut() {
                    if !last.is_heading() {
                        last.ends_with_formula = true;
                    }
                }
                let mut b = Block::new(BlockKind::Formula, Located::default());
                b.ends_with_formula = true;
                self.blocks.push(b);
            }
            "=" | "_" => {
                let kind = if has("NOTE") || has("TIP") || has("IMPORTANT") {
                    BlockKind::Note
                } else if t.starts_with('=') {
                    BlockKind::Example
                } else {
                    BlockKind::Paragraph
                };
                self.container.push((t.to_string(), kind));
            }
            _ => self.skipping = Some(t.to_string()),
        }
    }

    fn heading(&mut self, raw: &str, hashes: usize, line_no: usize) {
        self.flush();
        let attrs = std::mem::take(&mut self.attrs);
        let level = hashes - 1;
        if level == 0 {
            return; // document title
        }
        // A Metanorma `[.boilerplate]` section holds the clause's own lead-in text, which
        // Metanorma renders in place of the section: its text belongs to the clause above.
        if attrs.iter().any(|x| role_is(x, ".boilerplate")) {
            return;
        }
        let has = |a: &str| attrs.iter().any(|x| x == a);
        let (title, _) = clean_from(raw, hashes + 1, line_no);
        let title = title.trim();
        let role = attrs
            .iter()
            .find_map(|a| a.strip_prefix("heading="))
            .map(|r| r.trim_matches('"').to_ascii_lowercase())
            .or_else(|| has("bibliography").then(|| "bibliography".to_string()))
            // A Metanorma `[.nonterm]` sub-clause of the terms clause ("Use of language") is an
            // ordinary clause there, not a term entry.
            .or_else(|| {
                attrs
                    .iter()
                    .any(|x| role_is(x, ".nonterm"))
                    .then(|| "nonterm".to_string())
            });
        let own_unnumbered = has("appendix")
            || has("preface")
            || has("abstract")
            || has(".preface")
            || has("%unnumbered")
            || has("acknowledgements")
            || has("index")
            || (has("bibliography")
                && level == 1
                && title.text().eq_ignore_ascii_case("bibliography"));
        self.unnumbered_above.truncate(level - 1);
        let parent_unnumbered = self.unnumbered_above.iter().any(|&u| u);
        let unnumbered = own_unnumbered || parent_unnumbered;
        self.unnumbered_above.resize(level - 1, false);
        self.unnumbered_above.push(own_unnumbered);
        let number = if unnumbered {
            None
        } else {
            self.counters.resize(level, 0);
            self.counters[level - 1] += 1;
            Some(
                self.counters
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join("."),
            )
        };
        self.blocks.push(Block::new(
            BlockKind::Heading {
                level,
                number,
                role,
                unnumbered,
            },
            title,
        ));
    }

    fn flush(&mut self) {
        if self.para.is_empty() {
            self.para_kind = None;
            self.para_formula = false;
            return;
        }
        let attrs = std::mem::take(&mut self.attrs);
        let text = self.para.join().trim();
        let kind = match self.para_kind.take() {
            Some(k) => k,
            None if attrs.iter().any(|a| role_is(a, ".source")) => BlockKind::Source,
            None if attrs.iter().any(|a| role_is(a, "example")) => BlockKind::Example,
            None if attrs.iter().any(|a| role_is(a, "NOTE")) => BlockKind::Note,
            None => self
                .container
                .last()
                .map_or(BlockKind::Paragraph, |(_, k)| k.clone()),
        };
        let mut block = Block::new(kind, text);
        block.ends_with_formula = std::mem::take(&mut self.para_formula);
        if !block.text.text().is_empty() || matches!(block.kind, BlockKind::DefinitionItem { .. }) {
            self.blocks.push(block);
        }
    }
}

fn clean_from(raw: &str, start: usize, line_no: usize) -> (Located, bool) {
    let start = crate::check::draft::located::floor_char_boundary(raw, start.min(raw.len()));
    // Clean the whole line, then cut: keeps columns right.
    let (all, _) = clean(&raw[..start], line_no);
    let (full, f) = clean(raw, line_no);
    (full.slice(all.text().len()..full.text().len()), f)
}

/// True when a block attribute list names `role`, whatever options or further attributes it
/// carries: `[.source%adapted]` and `[.source,id=x]` are `.source` blocks.
fn role_is(attribute: &str, role: &str) -> bool {
    attribute == role
        || attribute
            .split([',', '%'])
            .next()
            .is_some_and(|first| first.trim() == role)
}

fn is_delimiter(t: &str) -> bool {
    t.len() >= 4
        && ["/", "*", "-", ".", "+", "=", "_"]
            .iter()
            .any(|c| t.chars().all(|x| x.to_string() == *c))
}

fn block_attribute(t: &str) -> Option<&str> {
    let inner = t.strip_prefix('[')?.strip_suffix(']')?;
    if inner.starts_with('[') || inner.is_empty() {
        return Some(inner.trim_matches(['[', ']']));
    }
    let plausible = !inner.contains(' ') || inner.contains('=') || inner.starts_with('%');
    plausible.then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(d: &ReadDraft) -> Vec<String> {
        d.blocks
            .iter()
            .map(|b| match &b.kind {
                BlockKind::Heading {
                    level,
                    number,
                    unnumbered,
                    ..
                } => {
                    format!(
                        "H{level} {} {}{}",
                        number.as_deref().unwrap_or("-"),
                        b.text.text(),
                        if *unnumbered { " (u)" } else { "" }
                    )
                }
                BlockKind::DefinitionItem { label } => {
                    format!("DL {} = {}", label.text(), b.text.text())
                }
                BlockKind::Reference { tags } => format!("REF {}", tags.join("|")),
                k => format!("{:?} {}", k, b.text.text()).replace("Paragraph ", "P "),
            })
            .collect()
    }

    #[test]
    fn clauses_are_numbered_by_position_and_prefaces_are_not() {
        let src = "= Title\n:doctype: recommendation\n\n[abstract]\n== Summary\nText.\n\n== Scope\n\n[bibliography]\n== References\n\n* [[[h780, ITU-T H.780]]] Recommendation ITU-T H.780.\n\n== Definitions\n\n=== Terms defined elsewhere\n\n==== content\nalt:[stuff]\n\nA combination.\n\nNOTE: A note.\n\n[.source]\n<<h780>>\n\n== Abbreviations\n\nDS:: Digital Signage\n\n[appendix]\n== Extra\n=== Inner\n\n[bibliography]\n== Bibliography\n";
        let d = read(src);
        assert_eq!(d.doctype.as_deref(), Some("recommendation"));
        assert_eq!(
            kinds(&d),
            vec![
                "H1 - Summary (u)",
                "P Text.",
                "H1 1 Scope",
                "H1 2 References",
                "REF h780|ITU-T H.780",
                "H1 3 Definitions",
                "H2 3.1 Terms defined elsewhere",
                "H3 3.1.1 content",
                "AltTerm { deprecated: false } stuff",
                "P A combination.",
                "Note A note.",
                "Source [h780]",
                "H1 4 Abbreviations",
                "DL DS = Digital Signage",
                "H1 - Extra (u)",
                "H2 - Inner (u)",
                "H1 - Bibliography (u)",
            ]
        );
    }

    #[test]
    fn adapted_sources_and_boilerplate_sections_are_read_as_metanorma_renders_them() {
        let src = "== Terms and definitions\n\n[.boilerplate]\n=== My predefined text\n\nFor the purposes of this document, the following apply.\n\n=== Terms about widgets\n\n==== widget\n\nthing used by a gadget\n\n//Adapted from\n[.source%adapted]\n<<ISO_1,clause=2.1>>\n";
        let d = read(src);
        let k = kinds(&d);
        assert!(!k.iter().any(|k| k.contains("My predefined")), "{k:?}");
        let heads: Vec<_> = d
            .blocks
            .iter()
            .filter_map(|b| match &b.kind {
                BlockKind::Heading { number, .. } => number.clone(),
                _ => None,
            })
            .collect();
        assert_eq!(heads, ["1", "1.1", "1.1.1"]);
        assert!(
            d.blocks.iter().any(|b| b.kind == BlockKind::Source),
            "{k:?}"
        );
    }

    #[test]
    fn comments_sidebars_and_equations_are_not_text() {
        let src = "== Definitions\n\n=== attenuation\n\nThe attenuation is defined as:\n\n[stem]\n++++\nA = 10 log x\n++++\n\n[reviewer=ISO]\n****\n* reviewer remark\n****\n\n////\nhidden\n////\n// mvterms-allow: definition-end\nText after.\n";
        let d = read(src);
        assert_eq!(
            kinds(&d),
            vec![
                "H1 1 Definitions",
                "H2 1.1 attenuation",
                "P The attenuation is defined as:",
                "Formula ",
                "P Text after."
            ]
        );
        assert!(d.blocks[2].ends_with_formula);
        assert_eq!(
            d.suppressions,
            vec![(20, vec!["definition-end".to_string()])]
        );
    }

    #[test]
    fn an_explicit_heading_role_is_kept() {
        let d = read(
            "== Corrections\n\n[heading=terms and definitions]\n=== Section 3.2\n\n==== [strike]#old term#\n\n[heading=\"Abbreviation Clause\"]\n== Abbreviations\n",
        );
        match &d.blocks[1].kind {
            BlockKind::Heading { role, .. } => {
                assert_eq!(role.as_deref(), Some("terms and definitions"))
            }
            k => panic!("{k:?}"),
        }
        assert_eq!(d.blocks[2].text.text(), "");
        match &d.blocks[3].kind {
            BlockKind::Heading { role, .. } => {
                assert_eq!(role.as_deref(), Some("abbreviation clause"))
            }
            k => panic!("{k:?}"),
        }
    }
}
