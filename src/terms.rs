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

/// The abbreviations some of `entries` give, sorted, each once.
pub fn abbreviations_of<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Vec<String> {
    let mut abbreviations: Vec<String> = entries
        .into_iter()
        .filter_map(|e| e.abbreviation.clone())
        .collect();
    abbreviations.sort();
    abbreviations.dedup();
    abbreviations
}

fn summary(term: String, entries: &[&Entry]) -> TermSummary {
    let mut spellings: Vec<String> = entries.iter().map(|e| e.term.clone()).collect();
    spellings.sort();
    spellings.dedup();
    let abbreviations = abbreviations_of(entries.iter().copied());
    TermSummary {
        term,
        spellings,
        abbreviations,
        entries: entries.iter().map(|e| e.id.clone()).collect(),
    }
}

/// The entries a looked-up designation stands for: the term itself, or, when no entry defines
/// it, the terms it abbreviates (`XR` → *extended reality*), from `abbreviations.toml` and the
/// entries' `abbreviation` fields. Returns the entries and the expansions used (empty when the
/// term was found as written).
pub fn resolve<'a>(corpus: &'a Corpus, term: &str) -> (Vec<&'a Entry>, Vec<String>) {
    let found = entries_for(corpus, term);
    if !found.is_empty() {
        return (found, vec![]);
    }
    let wanted = term.trim();
    let mut expansions: Vec<String> = corpus
        .abbreviations()
        .iter()
        .filter(|a| a.abbreviation.eq_ignore_ascii_case(wanted))
        .map(|a| term_key(&a.expansion))
        .chain(
            corpus
                .entries()
                .iter()
                .filter(|e| {
                    e.abbreviation
                        .as_deref()
                        .is_some_and(|a| a.eq_ignore_ascii_case(wanted))
                })
                .map(|e| term_key(&e.term)),
        )
        .collect();
    expansions.sort();
    expansions.dedup();
    let mut entries: Vec<&Entry> = Vec::new();
    let mut used = Vec::new();
    for expansion in expansions {
        let more = entries_for(corpus, &expansion);
        if !more.is_empty() {
            entries.extend(more);
            used.push(expansion);
        }
    }
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    entries.dedup_by(|a, b| a.id == b.id);
    (entries, used)
}

/// "Did you mean": up to `n` designations of the registry (terms and abbreviations) nearest to
/// `term` — within two edits (one for short words), or starting with it, or containing it as a
/// word — nearest first, then alphabetical.
pub fn suggestions(corpus: &Corpus, term: &str, n: usize) -> Vec<String> {
    let wanted = term_key(term);
    if wanted.is_empty() {
        return vec![];
    }
    let mut candidates: Vec<String> = corpus.entries().iter().map(|e| term_key(&e.term)).collect();
    candidates.extend(
        corpus
            .abbreviations()
            .iter()
            .map(|a| a.abbreviation.clone()),
    );
    candidates.extend(
        corpus
            .entries()
            .iter()
            .filter_map(|e| e.abbreviation.clone()),
    );
    candidates.sort();
    candidates.dedup();
    let allowed = if wanted.chars().count() <= 4 { 1 } else { 2 };
    let mut scored: Vec<(usize, String)> = candidates
        .into_iter()
        .filter_map(|c| {
            let folded = fold(&c);
            let d = crate::search::query::edit_distance(&wanted, &folded);
            let close = d <= allowed
                || (wanted.chars().count() >= 3 && folded.starts_with(&wanted))
                || folded.split(' ').any(|w| w == wanted);
            (close && folded != wanted).then_some((d, c))
        })
        .collect();
    scored.sort();
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}
