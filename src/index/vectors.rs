//! Term vectors: each entry's analysed terms with their byte offsets in its texts, what a
//! highlighter needs to mark the words a query matched without running the text pipeline again.
//! (Lucene stores the same thing on disk; tantivy keeps no offsets, so it is kept here, in
//! memory.)
//!
//! An entry's vector is made the first time one of its hits is highlighted and kept while the
//! memory budget lasts; past the budget, vectors are made for the hit and dropped. The real
//! corpus takes well under a megabyte, so there every entry's vector is made once.

use crate::analysis::Analyzer;
use crate::model::Entry;
use std::borrow::Cow;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Memory kept for term vectors, in bytes.
pub const BUDGET: usize = 32 << 20;

/// One term of a text: where its normalized form is in [`EntryTerms::terms`] and which bytes of
/// the text it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token {
    term_start: u32,
    term_end: u32,
    start: u32,
    end: u32,
}

/// The analysed terms of one entry's texts, in the order the highlighter looks at them: the
/// definition, each note, the term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryTerms {
    /// Every normalized term, one after the other.
    terms: String,
    tokens: Vec<Token>,
    /// Index into `tokens` where each text's terms end.
    text_ends: Vec<u32>,
    /// The terms of the entry's source (document, author, title, id) as a query's words are
    /// matched against them, one after the other: what ranking reads when a word of the query
    /// is found nowhere else.
    source: Vec<String>,
}

impl EntryTerms {
    /// Analyses an entry's texts with the pipeline its language is indexed with: the English
    /// one for English entries, the language-neutral one for the others.
    pub fn analyse(analyzer: &Analyzer, entry: &Entry) -> EntryTerms {
        let mut out = EntryTerms {
            terms: String::new(),
            tokens: Vec::new(),
            text_ends: Vec::with_capacity(entry.notes.len() + 2),
            source: crate::analysis::codes::query_terms(&crate::index::source_text(entry))
                .into_iter()
                .map(|(_, t)| t)
                .collect(),
        };
        let english = entry.is_english();
        for text in Self::texts(entry) {
            let mut push = |term: &str, start: usize, end: usize| {
                let term_start = out.terms.len() as u32;
                out.terms.push_str(term);
                out.tokens.push(Token {
                    term_start,
                    term_end: out.terms.len() as u32,
                    start: start as u32,
                    end: end as u32,
                });
            };
            if english {
                analyzer.for_each_term(text, "en", |t| push(t.term, t.start, t.end));
            } else {
                for (term, word) in analyzer.neutral_words(text) {
                    push(&term, word.start, word.end);
                }
            }
            out.text_ends.push(out.tokens.len() as u32);
        }
        out
    }

    /// The texts of an entry in vector order, with the field each comes from.
    pub fn texts(entry: &Entry) -> impl Iterator<Item = &str> {
        std::iter::once(entry.definition.as_str())
            .chain(entry.notes.iter().map(String::as_str))
            .chain(std::iter::once(entry.term.as_str()))
    }

    /// The terms of text `i` (see [`EntryTerms::texts`]): (term, start byte, end byte).
    pub fn terms_of(&self, i: usize) -> impl Iterator<Item = (&str, usize, usize)> {
        let start = i
            .checked_sub(1)
            .and_then(|j| self.text_ends.get(j))
            .map_or(0, |&e| e as usize);
        let end = self.text_ends.get(i).map_or(start, |&e| e as usize);
        self.tokens[start..end].iter().map(|t| {
            (
                &self.terms[t.term_start as usize..t.term_end as usize],
                t.start as usize,
                t.end as usize,
            )
        })
    }

    /// The terms of the entry's source, in order.
    pub fn source_terms(&self) -> &[String] {
        &self.source
    }

    /// Memory held, in bytes.
    fn bytes(&self) -> usize {
        std::mem::size_of::<Self>()
            + self.terms.capacity()
            + self.tokens.capacity() * std::mem::size_of::<Token>()
            + self.text_ends.capacity() * 4
            + self.source.capacity() * std::mem::size_of::<String>()
            + self.source.iter().map(String::capacity).sum::<usize>()
    }
}

/// The term vectors of a corpus, made on demand (see the module documentation).
#[derive(Debug)]
pub struct TermVectors {
    slots: Box<[OnceLock<Box<EntryTerms>>]>,
    used: AtomicUsize,
    budget: usize,
}

impl TermVectors {
    /// Room for the vectors of `entries` entries, keeping at most `budget` bytes of them.
    pub fn new(entries: usize, budget: usize) -> TermVectors {
        TermVectors {
            slots: (0..entries).map(|_| OnceLock::new()).collect(),
            used: AtomicUsize::new(0),
            budget,
        }
    }

    /// The vector of the entry at position `ord` of the corpus.
    pub fn get<'a>(
        &'a self,
        ord: usize,
        analyzer: &Analyzer,
        entry: &Entry,
    ) -> Cow<'a, EntryTerms> {
        let Some(slot) = self.slots.get(ord) else {
            return Cow::Owned(EntryTerms::analyse(analyzer, entry));
        };
        if let Some(kept) = slot.get() {
            return Cow::Borrowed(kept);
        }
        let made = EntryTerms::analyse(analyzer, entry);
        let bytes = made.bytes();
        if self.used.fetch_add(bytes, Ordering::Relaxed) + bytes > self.budget {
            self.used.fetch_sub(bytes, Ordering::Relaxed);
            return Cow::Owned(made);
        }
        // Two threads may make the same vector; the second one's copy is dropped.
        let mut made = Some(Box::new(made));
        let kept = slot.get_or_init(|| made.take().expect("initialised once"));
        if made.is_some() {
            self.used.fetch_sub(bytes, Ordering::Relaxed);
        }
        Cow::Borrowed(kept)
    }

    /// Memory held by the kept vectors, in bytes.
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Collection, Source, Status};

    fn entry(lang: &str, definition: &str, notes: &[&str]) -> Entry {
        Entry {
            id: "e".into(),
            collection: Collection::Vocabulary,
            term: "Virtual world".into(),
            definition: definition.into(),
            notes: notes.iter().map(|n| n.to_string()).collect(),
            abbreviation: None,
            status: Status::default(),
            kind: None,
            year: None,
            lang: lang.into(),
            source: Source::default(),
            flags: vec![],
        }
    }

    #[test]
    fn terms_carry_their_offsets_text_by_text() {
        let analyzer = Analyzer::with_abbreviations(std::iter::empty());
        let e = entry("en", "Persistent worlds.", &["A note."]);
        let v = EntryTerms::analyse(&analyzer, &e);
        let texts: Vec<&str> = EntryTerms::texts(&e).collect();
        let all: Vec<Vec<(&str, &str)>> = (0..3)
            .map(|i| {
                v.terms_of(i)
                    .map(|(t, s, end)| (t, &texts[i][s..end]))
                    .collect()
            })
            .collect();
        assert_eq!(
            all,
            vec![
                vec![("persist", "Persistent"), ("world", "worlds")],
                vec![("note", "note")],
                vec![("virtual", "Virtual"), ("world", "world")],
            ]
        );
        assert_eq!(v.terms_of(3).count(), 0);
    }

    #[test]
    fn other_languages_are_only_folded() {
        let analyzer = Analyzer::with_abbreviations(std::iter::empty());
        let v = EntryTerms::analyse(&analyzer, &entry("it", "Mondi Virtuali", &[]));
        let terms: Vec<&str> = v.terms_of(0).map(|(t, _, _)| t).collect();
        assert_eq!(terms, ["mondi", "virtuali"]);
    }

    #[test]
    fn vectors_are_kept_within_the_budget_only() {
        let analyzer = Analyzer::with_abbreviations(std::iter::empty());
        let e = entry("en", "A persistent virtual world.", &[]);
        let kept = TermVectors::new(2, 1 << 20);
        assert_eq!(kept.used(), 0);
        assert!(matches!(kept.get(0, &analyzer, &e), Cow::Borrowed(_)));
        let used = kept.used();
        assert!(used > 0);
        // Asked again, the kept vector is handed out and nothing more is held.
        assert!(matches!(kept.get(0, &analyzer, &e), Cow::Borrowed(_)));
        assert_eq!(kept.used(), used);
        let none = TermVectors::new(2, 0);
        assert!(matches!(none.get(0, &analyzer, &e), Cow::Owned(_)));
        assert_eq!(none.used(), 0);
        assert_eq!(
            *none.get(1, &analyzer, &e),
            *kept.get(0, &analyzer, &e),
            "kept or not, the vector is the same"
        );
    }
}
