//! Candidate key terms of a text, built on [`Analyzer::terms`]: every content word, every run of
//! adjacent content words ("virtual world", "real time rendered"), and every registry
//! abbreviation stacked on its expansion ("augmented reality" → `ar`).
//!
//! Two words are adjacent when no stop word and no punctuation other than a hyphen stands between
//! them: "virtual worlds" and "real-time" are runs, "virtual, augmented" and "sense of presence"
//! are not. Compare and clusters read texts through this one function, so they agree on what a
//! multi-word term is.

use super::{Analyzer, Token, TokenKind, is_english, normalize};

/// What a candidate is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CandidateKind {
    /// One word (its stem in English).
    Word,
    /// A canonical spelling that replaced its words (`3d` for "3-D" or "three-dimensional").
    Variant,
    /// A registry abbreviation as written ("XR").
    Abbreviation,
    /// Two or more adjacent words.
    Phrase,
    /// A registry abbreviation recognised from its expansion ("augmented reality" → `ar`).
    Expansion,
}

impl CandidateKind {
    /// True for one word (word, variant or abbreviation as written).
    pub fn is_single(self) -> bool {
        matches!(
            self,
            CandidateKind::Word | CandidateKind::Variant | CandidateKind::Abbreviation
        )
    }
}

/// One occurrence of a candidate key term in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Normalized form: the pipeline's terms joined by one space ("virtual world", "immers", "ar").
    pub key: String,
    /// The words as written, case-folded, spaces collapsed ("virtual worlds", "real-time").
    pub surface: String,
    /// Byte offset of the first word in the text.
    pub start: usize,
    /// Byte offset past the last word.
    pub end: usize,
    /// Index of the first word slot it covers (see [`Candidates::slots`]).
    pub first: usize,
    /// Number of word slots it covers.
    pub len: usize,
    /// What it is made of.
    pub kind: CandidateKind,
}

/// The candidates of one text, with the number of content-word slots they index into.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Candidates {
    /// Number of content words (slots) in the text.
    pub slots: usize,
    /// Single words in text order, then phrases (by start, then length), then expansions.
    pub items: Vec<Candidate>,
}

impl Analyzer {
    /// The candidate key terms of `text`: singles, runs of 2 to `max_words` adjacent words, and
    /// stacked abbreviations. Non-English text yields singles only (its stop words are unknown).
    pub fn candidates(&self, text: &str, lang: &str, max_words: usize) -> Candidates {
        let tokens = self.terms(text, lang);
        let (slots, stacked): (Vec<&Token>, Vec<&Token>) = tokens
            .iter()
            .partition(|t| !(t.kind == TokenKind::Abbreviation && t.span > 1));
        let mut items: Vec<Candidate> = slots
            .iter()
            .enumerate()
            .map(|(i, t)| Candidate {
                key: t.term.clone(),
                surface: surface(text, t.start, t.end),
                start: t.start,
                end: t.end,
                first: i,
                len: 1,
                kind: match t.kind {
                    TokenKind::Word => CandidateKind::Word,
                    TokenKind::Variant => CandidateKind::Variant,
                    TokenKind::Abbreviation => CandidateKind::Abbreviation,
                },
            })
            .collect();
        if is_english(lang) {
            // joined[i]: slot i and slot i + 1 are adjacent.
            let joined: Vec<bool> = slots
                .windows(2)
                .map(|w| {
                    w[1].position == w[0].position + w[0].span
                        && text[w[0].end..w[1].start]
                            .chars()
                            .all(|c| c.is_whitespace() || c == '-' || c == '‑')
                })
                .collect();
            for first in 0..slots.len() {
                let mut last = first;
                while last + 1 < slots.len() && last + 1 - first < max_words && joined[last] {
                    last += 1;
                    let words = &slots[first..=last];
                    items.push(Candidate {
                        key: words
                            .iter()
                            .map(|t| t.term.as_str())
                            .collect::<Vec<_>>()
                            .join(" "),
                        surface: surface(text, words[0].start, words[words.len() - 1].end),
                        start: words[0].start,
                        end: words[words.len() - 1].end,
                        first,
                        len: words.len(),
                        kind: CandidateKind::Phrase,
                    });
                }
            }
            for t in stacked {
                let first = slots.iter().position(|s| s.start >= t.start);
                let len = slots
                    .iter()
                    .filter(|s| s.start >= t.start && s.end <= t.end)
                    .count();
                if let Some(first) = first.filter(|_| len > 0) {
                    items.push(Candidate {
                        key: t.term.clone(),
                        surface: surface(text, t.start, t.end),
                        start: t.start,
                        end: t.end,
                        first,
                        len,
                        kind: CandidateKind::Expansion,
                    });
                }
            }
        }
        Candidates {
            slots: slots.len(),
            items,
        }
    }
}

/// Folded text of a span with runs of white space made one space.
fn surface(text: &str, start: usize, end: usize) -> String {
    normalize::fold(&text[start..end])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(c: &Candidates, kind: CandidateKind) -> Vec<(String, String)> {
        c.items
            .iter()
            .filter(|i| i.kind == kind || (kind == CandidateKind::Word && i.kind.is_single()))
            .map(|i| (i.key.clone(), i.surface.clone()))
            .collect()
    }

    #[test]
    fn runs_of_adjacent_words_are_phrases_and_stop_words_or_commas_break_them() {
        let a = Analyzer::default();
        let c = a.candidates(
            "persistent virtual worlds, real-time rendered; sense of presence",
            "en",
            2,
        );
        assert_eq!(
            keys(&c, CandidateKind::Phrase),
            vec![
                ("persist virtual".into(), "persistent virtual".into()),
                ("virtual world".into(), "virtual worlds".into()),
                ("real time".into(), "real-time".into()),
                ("time render".into(), "time rendered".into()),
            ]
        );
        assert_eq!(c.slots, 8);
    }

    #[test]
    fn an_expansion_yields_its_abbreviation_over_its_word_slots() {
        let a = Analyzer::with_abbreviations([("AR", "augmented reality")]);
        let c = a.candidates("virtual and Augmented Reality headsets", "en", 3);
        let ar: Vec<_> = c
            .items
            .iter()
            .filter(|i| i.kind == CandidateKind::Expansion)
            .collect();
        assert_eq!(ar.len(), 1);
        assert_eq!(
            (ar[0].key.as_str(), ar[0].surface.as_str()),
            ("ar", "augmented reality")
        );
        assert_eq!((ar[0].first, ar[0].len), (1, 2));
        assert!(
            keys(&c, CandidateKind::Word)
                .iter()
                .all(|(k, _)| k != "and")
        );
    }

    #[test]
    fn non_english_text_has_singles_only() {
        let a = Analyzer::default();
        let c = a.candidates("un mondo virtuale", "it", 3);
        assert!(c.items.iter().all(|i| i.kind == CandidateKind::Word));
        assert_eq!(c.items.len(), 3);
    }
}
