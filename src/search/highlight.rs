//! Highlighted snippets: the words of an entry that matched the query, found with the same
//! pipeline the index used, shown in a short window of the text.

use super::query::Typos;
use crate::analysis::Analyzer;
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
pub struct Matcher<'a> {
    pub analyzer: &'a Analyzer,
    /// English-pipeline terms of the query.
    pub english: Vec<String>,
    /// Typo-tolerant words of the query.
    pub typos: &'a Typos,
    /// Language-neutral terms of the query.
    pub neutral: Vec<String>,
}

impl Matcher<'_> {
    /// Byte ranges of `text` that match, merged and sorted. An English text is read with the
    /// English pipeline only: a word matching the query as typed also matches it by stem, so a
    /// second, language-neutral pass would find nothing new there (it would only mark stop
    /// words of a quoted phrase, which the index does not match either). Other texts are read
    /// with the language-neutral pipeline, as they were indexed.
    fn marks(&self, text: &str, english: bool) -> Vec<(usize, usize)> {
        let mut marks: Vec<(usize, usize)> = Vec::new();
        if english {
            self.analyzer.for_each_term(text, "en", |t| {
                if self.english.iter().any(|e| e == t.term) || self.typos.matches(t.term) {
                    marks.push((t.start, t.end));
                }
            });
        } else {
            // The neutral pipeline is words and folding: no token needs building to compare them.
            marks.extend(
                self.analyzer
                    .neutral_words(text)
                    .filter(|(term, _)| self.neutral.iter().any(|n| n == term))
                    .map(|(_, w)| (w.start, w.end)),
            );
        }
        marks.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in marks {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
    }

    /// The highlight for an entry: the definition if it matched, else the first matching note,
    /// else the term, else the start of the definition unmarked.
    pub fn highlight(&self, entry: &Entry) -> Highlight {
        let english = entry.is_english();
        let marks = self.marks(&entry.definition, english);
        if !marks.is_empty() {
            return snippet("definition", &entry.definition, &marks);
        }
        for note in &entry.notes {
            let marks = self.marks(note, english);
            if !marks.is_empty() {
                return snippet("notes", note, &marks);
            }
        }
        let marks = self.marks(&entry.term, english);
        if !marks.is_empty() {
            return snippet("term", &entry.term, &marks);
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
