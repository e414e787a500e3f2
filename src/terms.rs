//! Terms of the registry: every designation, grouped case-insensitively, with the entries that
//! define it; a looked-up designation resolved through the concepts ([`resolve`]).

use crate::analysis::Analyzer;
use crate::analysis::normalize::fold;
use crate::concepts::Concepts;
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

/// Every entry defining one term, and the concepts it names: what `GET /v1/terms/{term}` and
/// `mvterms term --json` answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TermEntries {
    /// The term, case-folded; for a designation no entry defines as written (`XR`, `real time`),
    /// the preferred designation of its concept.
    pub term: String,
    /// Abbreviations the entries give for it.
    pub abbreviations: Vec<String>,
    /// When the path was a designation no entry defines as written (an abbreviation such as
    /// `XR`, a variant such as `real time`): the preferred designations, case-folded, of the
    /// concepts it names, whose entries are listed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub expanded_to: Vec<String>,
    /// The entries: the definitions of the term (or of its concepts), sorted by id.
    pub entries: Vec<Entry>,
    /// The concepts the term names (`GET /v1/concepts/{id}`): their designations with status
    /// and sources, and their notes.
    pub concepts: Vec<TermConcept>,
}

/// A concept a looked-up term names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TermConcept {
    pub id: String,
    /// The preferred designation.
    pub label: String,
    pub designations: Vec<crate::concepts::view::DesignationView>,
    /// Ids of its definitions (entries), the preferred one first.
    pub definitions: Vec<String>,
    pub notes: Vec<String>,
}

/// Looks a designation up ([`resolve`]); `Err` holds the "did you mean" suggestions when the
/// registry has neither an entry nor a concept for it.
pub fn look_up(
    corpus: &Corpus,
    analyzer: &Analyzer,
    concepts: &Concepts,
    term: &str,
) -> std::result::Result<TermEntries, Vec<String>> {
    let resolved = resolve(corpus, analyzer, concepts, term);
    if resolved.entries.is_empty() && resolved.concepts.is_empty() {
        return Err(suggestions(concepts, term, 5));
    }
    let entries: Vec<Entry> = resolved.entries.into_iter().cloned().collect();
    let abbreviations = abbreviations_of(&entries);
    let named = resolved
        .concepts
        .iter()
        .map(|&c| {
            let view = concepts.view(corpus, &concepts.all()[c]);
            TermConcept {
                id: view.id,
                label: view.label,
                designations: view.designations,
                definitions: view.definitions.into_iter().map(|d| d.entry).collect(),
                notes: view.notes,
            }
        })
        .collect();
    Ok(TermEntries {
        term: resolved
            .expanded_to
            .first()
            .cloned()
            .unwrap_or_else(|| term_key(term)),
        abbreviations,
        expanded_to: resolved.expanded_to,
        entries,
        concepts: named,
    })
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

/// What a looked-up designation stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved<'a> {
    /// The entries that define it, sorted by id.
    pub entries: Vec<&'a Entry>,
    /// When no entry defines it as written: the preferred designations (case-folded) of the
    /// concepts it is a designation of (`XR` → *extended reality*, `real time` → *real-time*).
    pub expanded_to: Vec<String>,
    /// The concepts it names (indices in [`Concepts::all`]), in id order.
    pub concepts: Vec<usize>,
}

/// Resolves a looked-up designation through the concepts: the entries that define it as written
/// (case-insensitive) and their concepts; else the concepts it is a designation of — an
/// abbreviation or symbol (`XR`, as written or in another case), a spelling variant or inflection
/// (`real time`, `Virtual Worlds`) — with their definitions.
pub fn resolve<'a>(
    corpus: &'a Corpus,
    analyzer: &Analyzer,
    concepts: &Concepts,
    term: &str,
) -> Resolved<'a> {
    let found = entries_for(corpus, term);
    if !found.is_empty() {
        let mut named: Vec<usize> = found
            .iter()
            .filter_map(|e| corpus.position(&e.id))
            .filter_map(|p| concepts.of_entry(p))
            .filter_map(|c| concepts.position(&c.id))
            .collect();
        named.sort_unstable();
        named.dedup();
        return Resolved {
            entries: found,
            expanded_to: vec![],
            concepts: named,
        };
    }
    let wanted = term.trim();
    let mut named: Vec<usize> = concepts.by_short(wanted).iter().map(|&(c, _)| c).collect();
    if named.is_empty() {
        named.extend(concepts.by_short_ignoring_case(wanted).map(|(c, _)| c));
    }
    // "XRs" is the plural of XR, as search reads it.
    if named.is_empty()
        && let Some(singular) = crate::analysis::equivalence::abbreviation_singular(wanted)
    {
        named.extend(concepts.by_short(singular).iter().map(|&(c, _)| c));
    }
    named.extend(
        concepts
            .by_norm(&crate::concepts::grouping::norm(analyzer, wanted))
            .iter()
            .map(|&(c, _)| c),
    );
    named.sort_unstable();
    named.dedup();
    let all = concepts.all();
    let mut entries: Vec<&Entry> = named
        .iter()
        .flat_map(|&c| all[c].definitions.iter())
        .map(|d| &corpus.entries()[d.entry])
        .collect();
    entries.sort_by(|a, b| a.id.cmp(&b.id));
    entries.dedup_by(|a, b| a.id == b.id);
    let mut expanded_to: Vec<String> = named.iter().map(|&c| term_key(all[c].label())).collect();
    expanded_to.dedup();
    Resolved {
        entries,
        expanded_to,
        concepts: named,
    }
}

/// "Did you mean": up to `n` designations of the registry's concepts (terms, variants,
/// abbreviations) nearest to `term` — within two edits (one for short words), or starting with
/// it, or containing it as a word — nearest first, then alphabetical.
pub fn suggestions(concepts: &Concepts, term: &str, n: usize) -> Vec<String> {
    let wanted = term_key(term);
    if wanted.is_empty() {
        return vec![];
    }
    let mut candidates: Vec<String> = concepts
        .all()
        .iter()
        .flat_map(|c| c.designations.iter())
        .map(|d| {
            if crate::concepts::lookup::is_short(d.kind) {
                d.text.clone()
            } else {
                term_key(&d.text)
            }
        })
        .collect();
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
