//! Terms of the registry: every designation, grouped case-insensitively, with the entries that
//! define it.

use crate::analysis::normalize::fold;
use crate::corpus::Corpus;
use crate::model::Entry;
use serde::Serialize;
use std::collections::BTreeMap;

/// One designation and how often the registry defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TermSummary {
    /// The term, case-folded, as used in `/v1/terms/{term}`.
    pub term: String,
    /// How the sources write it, sorted.
    pub spellings: Vec<String>,
    /// Abbreviations given for it, sorted.
    pub abbreviations: Vec<String>,
    /// Ids of the entries that define it, sorted.
    pub entries: Vec<String>,
}

/// The key a term is grouped under: folded, with runs of white space made one space.
pub fn term_key(term: &str) -> String {
    fold(term).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every term of the corpus, sorted by key.
pub fn all_terms(corpus: &Corpus) -> Vec<TermSummary> {
    let mut by_key: BTreeMap<String, Vec<&Entry>> = BTreeMap::new();
    for entry in corpus.entries() {
        by_key.entry(term_key(&entry.term)).or_default().push(entry);
    }
    by_key
        .into_iter()
        .map(|(key, entries)| summary(key, &entries))
        .collect()
}

/// The entries that define `term` (case-insensitive), sorted by id.
pub fn entries_for<'a>(corpus: &'a Corpus, term: &str) -> Vec<&'a Entry> {
    let key = term_key(term);
    corpus
        .entries()
        .iter()
        .filter(|e| term_key(&e.term) == key)
        .collect()
}

fn summary(term: String, entries: &[&Entry]) -> TermSummary {
    let mut spellings: Vec<String> = entries.iter().map(|e| e.term.clone()).collect();
    spellings.sort();
    spellings.dedup();
    let mut abbreviations: Vec<String> = entries
        .iter()
        .filter_map(|e| e.abbreviation.clone())
        .collect();
    abbreviations.sort();
    abbreviations.dedup();
    TermSummary {
        term,
        spellings,
        abbreviations,
        entries: entries.iter().map(|e| e.id.clone()).collect(),
    }
}
