//! AsciiDoc (Metanorma) inline markup reduced to live text: formatting marks dropped, struck-out
//! text (`[strike]#…#`) and footnotes removed, `term:[…]` and `<<ref>>` cross-references kept as
//! what a reader sees (`<<h780>>` becomes `[h780]`, like a printed citation), equations noted.

use super::inline::LineText;
use crate::check::draft::located::Located;

/// The live text of one line, and whether it ends in an inline equation.
pub fn clean(raw: &str, line_no: usize) -> (Located, bool) {
    let mut out = LineText::new(raw, line_no);
    let b = raw.as_bytes();
    let starts = |i: usize, pat: &str| raw.get(i..).is_some_and(|s| s.starts_with(pat));
    let mut i = 0;
    let mut keep_from = 0;
    let mut last_formula_end = None;
    while i < b.len() {
        // Macros whose bracketed argument is not live text.
        let dropped = ["footnote:[", "pass:[", "indexterm:[", "image:", "kbd:["]
            .iter()
            .find(|m| starts(i, m))
            .and_then(|m| bracket_end(raw, i + m.len() - usize::from(m.ends_with('['))));
        if let Some(end) = dropped {
            out.keep(keep_from..i);
            i = end;
            keep_from = i;
            continue;
        }
        if let Some(m) = ["stem:[", "asciimath:[", "latexmath:["]
            .iter()
            .find(|m| starts(i, m))
        {
            if let Some(end) = bracket_end(raw, i + m.len() - 1) {
                out.keep(keep_from..i);
                // A formula that is one symbol ("stem:[t]-distribution", "order stem:[r]")
                // reads as that symbol; any other formula is not live text.
                let inner = &raw[i + m.len()..end - 1];
                if is_symbol(inner) {
                    out.keep(i + m.len()..end - 1);
                } else {
                    out.insert(" ");
                    last_formula_end = Some(end);
                }
                i = end;
                keep_from = i;
                continue;
            }
        }
        if starts(i, "[strike]#") || starts(i, "[line-through]#") {
            let open = raw[i..].find('#').map(|o| i + o + 1).unwrap_or(b.len());
            let end = raw[open..].find('#').map_or(b.len(), |e| open + e + 1);
            out.keep(keep_from..i);
            i = end;
            keep_from = i;
            continue;
        }
        if starts(i, "term:[") {
            if let Some(end) = bracket_end(raw, i + 5) {
                out.keep(keep_from..i);
                let inner = (i + 6)..(end - 1);
                let shown = match raw[inner.clone()].find(',') {
                    Some(c) => {
                        let s = inner.start + c + 1;
                        s + (raw[s..inner.end].len() - raw[s..inner.end].trim_start().len())
                            ..inner.end
                    }
                    None => inner,
                };
                out.keep(shown);
                i = end;
                keep_from = i;
                continue;
            }
        }
        if starts(i, "<<") {
            if let Some(close) = raw[i..].find(">>").map(|c| i + c) {
                out.keep(keep_from..i);
                let inner = i + 2..close;
                let (target, text) = match raw[inner.clone()].find(',') {
                    Some(c) => (
                        inner.start..inner.start + c,
                        Some(inner.start + c + 1..inner.end),
                    ),
                    None => (inner, None),
                };
                out.insert("[");
                out.keep(target);
                out.insert("]");
                if let Some(t) = text {
                    out.insert(", ");
                    let lead = raw[t.clone()].len() - raw[t.clone()].trim_start().len();
                    out.keep(t.start + lead..t.end);
                }
                i = close + 2;
                keep_from = i;
                continue;
            }
        }
        if starts(i, "[[") {
            if let Some(close) = raw[i..].find("]]").map(|c| i + c + 2) {
                out.keep(keep_from..i);
                i = close + usize::from(starts(close, "]"));
                keep_from = i;
                continue;
            }
        }
        if b[i] == b'{' {
            if let Some(close) = raw[i..].find('}') {
                let name = &raw[i + 1..i + close];
                if !name.is_empty()
                    && name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    out.keep(keep_from..i);
                    i += close + 1;
                    keep_from = i;
                    continue;
                }
            }
        }
        if b[i] == b'[' && i > 0 && url_before(raw, i) {
            // "http://x[label]": the brackets are markup, the label is text.
            out.keep(keep_from..i);
            out.insert(" ");
            i += 1;
            keep_from = i;
            if let Some(c) = raw[i..].find(']') {
                out.keep(i..i + c);
                i += c + 1;
                keep_from = i;
            }
            continue;
        }
        let drop = match b[i] {
            b'*' | b'`' | b'^' | b'~' | b'#' => true,
            b'_' => {
                let word = |j: Option<usize>| {
                    j.and_then(|j| b.get(j))
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                };
                !(word(i.checked_sub(1)) && word(Some(i + 1)))
            }
            _ => false,
        };
        if drop {
            out.keep(keep_from..i);
            i += 1;
            keep_from = i;
            continue;
        }
        i += raw[i..].chars().next().map_or(1, char::len_utf8);
    }
    out.keep(keep_from..b.len());
    let text = out.finish();
    let ends_with_formula = last_formula_end.is_some_and(|e| {
        raw[e..]
            .trim()
            .chars()
            .all(|c| c.is_ascii_punctuation() || c.is_whitespace())
    });
    (text, ends_with_formula)
}

/// Byte offset just after the `]` that closes the `[` at `open` (nesting counted).
/// A formula that is a single symbol: one or two letters, maybe a digit ("t", "r", "x1").
fn is_symbol(formula: &str) -> bool {
    let f = formula.trim();
    (1..=2).contains(&f.chars().filter(|c| c.is_alphabetic()).count())
        && f.len() <= 3
        && f.chars().all(|c| c.is_ascii_alphanumeric())
        && f.starts_with(|c: char| c.is_ascii_alphabetic())
}

fn bracket_end(raw: &str, open: usize) -> Option<usize> {
    let b = raw.as_bytes();
    let open = (open..b.len()).find(|&j| b[j] == b'[')?;
    let mut depth = 0usize;
    for (j, &c) in b.iter().enumerate().skip(open) {
        match c {
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
    }
    None
}

fn url_before(raw: &str, i: usize) -> bool {
    // The word starts after the last white space, which may be more than one byte (U+00A0, U+2028).
    let start = raw[..i]
        .char_indices()
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(s, c)| s + c.len_utf8());
    let word = &raw[start..i];
    word.starts_with("http://") || word.starts_with("https://") || word.starts_with("mailto:")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::draft::located::Pos;

    #[test]
    fn struck_text_footnotes_and_marks_are_not_live() {
        let (t, _) = clean(
            "[strike]#customer# The *entity*{blank}footnote:[A [nested] note.] owns _flow_ points.",
            5,
        );
        assert_eq!(t.text(), " The entity owns flow points.");
        let at = t.text().find("owns").unwrap();
        assert_eq!(t.pos(at), Pos::new(5, 67));
    }

    #[test]
    fn cross_references_read_as_citations() {
        let (t, _) = clean(
            "<<h760>> and <<ISO7301,clause 3.1>> and term:[husked rice] and term:[parboiled rice, Parboiled rice]",
            1,
        );
        assert_eq!(
            t.text(),
            "[h760] and [ISO7301], clause 3.1 and husked rice and Parboiled rice"
        );
    }

    #[test]
    fn a_trailing_equation_is_noted() {
        let (t, f) = clean("the diameter is stem:[2w = lambda/pi].", 1);
        assert!(f);
        assert_eq!(t.text(), "the diameter is  .");
        let (_, f) = clean("stem:[x] is a variable.", 1);
        assert!(!f);
    }

    #[test]
    fn a_one_symbol_formula_reads_as_its_symbol() {
        let (t, f) = clean("stem:[t]-distribution", 1);
        assert_eq!((t.text(), f), ("t-distribution", false));
        let (t, _) = clean("moment of order stem:[r]", 1);
        assert_eq!(t.text(), "moment of order r");
        let (t, f) = clean("where stem:[ii(X) = 2]", 1);
        assert_eq!((t.text().trim_end(), f), ("where", true));
    }

    #[test]
    fn unbalanced_markup_does_not_panic() {
        for s in [
            "footnote:[open",
            "<<open",
            "[strike]#open",
            "stem:[",
            "{",
            "[[",
            "term:[x",
            "é_*`",
            "a\u{a0}b:[]",
            "a\u{2028}b:[]",
            "x\u{2029}mailto:[]",
        ] {
            let _ = clean(s, 1);
        }
    }
}
