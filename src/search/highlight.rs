//! Highlighted snippets: the words of an entry that matched the query, found with the same
//! pipeline the index used, shown in a short window of the text.

use crate::index::vectors::EntryTerms;
use crate::model::Entry;
use serde::Serialize;

/// Texts up to this many bytes are shown whole; longer ones as a window around the first match.
const WINDOW: usize = 280;

/// A snippet of one field with the matched words marked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Highlight {
    /// The field the snippet comes from: `definition`, `notes` or `term`.
    pub field: &'static str,
    /// The snippet as plain text.
    pub text: String,
    /// The snippet as HTML: the text escaped, matched words in `<mark>…</mark>`.
    pub html: String,
}

/// What to look for in a hit's text.
pub struct Matcher {
    /// English-pipeline terms of the query and of its expansions (typos, equivalents, …).
    pub english: Vec<String>,
    /// Language-neutral terms of the query and its expansions.
    pub neutral: Vec<String>,
}

impl Matcher {
    /// Whether a term of an entry's vector matches the query.
    fn matches(&self, term: &str, english: bool) -> bool {
        if english {
            self.english.iter().any(|e| e == term)
        } else {
            self.neutral.iter().any(|n| n == term)
        }
    }

    /// The highlight for an entry, from its term vector: the definition if it matched, else the
    /// first matching note, else the term, else the start of the definition unmarked. An
    /// English entry's terms come from the English pipeline (a word matching the query as
    /// typed also matches it by stem, so the language-neutral terms would mark nothing more);
    /// other entries' from the language-neutral one, as they were indexed.
    pub fn highlight(&self, entry: &Entry, vector: &EntryTerms) -> Highlight {
        let english = entry.is_english();
        let fields = std::iter::once("definition")
            .chain(entry.notes.iter().map(|_| "notes"))
            .chain(std::iter::once("term"));
        for (i, (field, text)) in fields.zip(EntryTerms::texts(entry)).enumerate() {
            let mut marks: Vec<(usize, usize)> = vector
                .terms_of(i)
                .filter(|(term, _, _)| self.matches(term, english))
                .map(|(_, start, end)| (start, end))
                .collect();
            if marks.is_empty() {
                continue;
            }
            marks.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::with_capacity(marks.len());
            for (s, e) in marks {
                match merged.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            return snippet(field, text, &merged);
        }
        snippet("definition", &entry.definition, &[])
    }
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn snippet(field: &'static str, text: &str, marks: &[(usize, usize)]) -> Highlight {
    let (start, end) = if text.len() <= WINDOW {
        (0, text.len())
    } else {
        let first = marks.first().map_or(0, |m| m.0);
        let mut start = floor_char(text, first.saturating_sub(WINDOW / 4));
        // Start at a word boundary.
        if start > 0 {
            start = text[start..].find(' ').map_or(start, |i| start + i + 1);
        }
        let mut end = floor_char(text, (start + WINDOW).min(text.len()));
        if end < text.len() {
            end = text[..end].rfind(' ').filter(|&i| i > start).unwrap_or(end);
        }
        (start, end)
    };
    let mut plain = String::new();
    let mut html = String::new();
    if start > 0 {
        plain.push('…');
        html.push('…');
    }
    let mut at = start;
    for &(s, e) in marks.iter().filter(|(s, e)| *s >= start && *e <= end) {
        plain.push_str(&text[at..s]);
        escape(&text[at..s], &mut html);
        plain.push_str(&text[s..e]);
        html.push_str("<mark>");
        escape(&text[s..e], &mut html);
        html.push_str("</mark>");
        at = e;
    }
    plain.push_str(&text[at..end]);
    escape(&text[at..end], &mut html);
    if end < text.len() {
        plain.push('…');
        html.push('…');
    }
    Highlight {
        field,
        text: plain,
        html,
    }
}

fn escape(text: &str, out: &mut String) {
    let mut from = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            _ => continue,
        };
        out.push_str(&text[from..i]);
        out.push_str(entity);
        from = i + 1;
    }
    out.push_str(&text[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matched_words_are_marked_and_html_is_escaped() {
        let h = snippet("definition", "A <virtual> world & more", &[(12, 17)]);
        assert_eq!(h.text, "A <virtual> world & more");
        assert_eq!(h.html, "A &lt;virtual&gt; <mark>world</mark> &amp; more");
    }

    #[test]
    fn long_texts_are_cut_around_the_first_match_on_word_boundaries() {
        let text = format!("{} target {}", "lead ".repeat(100), "tail ".repeat(100));
        let at = text.find("target").unwrap();
        let h = snippet("definition", &text, &[(at, at + 6)]);
        assert!(h.text.starts_with('…') && h.text.ends_with('…'));
        assert!(h.html.contains("<mark>target</mark>"));
        assert!(h.text.len() < 300 + 6);
        assert!(!h.text.contains("lea…") && h.text[3..].starts_with("lead"));
    }
}
