//! Pseudo-relevance feedback (RM3): a description in a few words is matched a second time with
//! the words its best first-pass hits share, weighted below the words as typed.
//!
//! A concept is expressed in many ways; the best hits of a query ("interoperable network of
//! virtual worlds") are definitions that express it, and the words they have in common beyond
//! the query's ("interconnected", "decentralized") are how the other definitions say it too.
//! Feedback takes the [`DOCS`] best hits of the first pass, weighs each word of their
//! definitions and terms by relevance model 1 (Lavrenko & Croft: the word's share of each
//! hit's text, summed over the hits weighted by their scores) times its specificity (the
//! inverse document frequency, so "virtual" or "user", which every definition has, cannot
//! dominate), keeps the words found in at least [`MIN_DOCS`] of the hits, and adds the best
//! [`WORDS`] to the query as optional clauses weighing [`WEIGHT`] of a query word at most.
//! They add to the first stage's score only: how much of the *query* an entry matches still
//! decides the second stage, so feedback reorders and widens, and cannot replace the query.
//!
//! Only queries of several words get feedback (a single word or a code is a lookup, not a
//! description).

use super::query::{Analysed, Need};
use crate::corpus::Corpus;
use crate::index::SearchIndex;
use crate::index::schema::Fields;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

/// Best first-pass hits read for feedback.
pub const DOCS: usize = 10;
/// Hits (of [`DOCS`]) a word must be in to be fed back: a word of one hit only is that hit's.
pub const MIN_DOCS: usize = 2;
/// Words fed back.
pub const WORDS: usize = 10;
/// Weight of the best feedback word, relative to a query word.
pub const WEIGHT: f32 = 1.0;
/// Words of the query (not excluded) a query needs to get feedback.
pub const MIN_UNITS: usize = 3;

/// A word fed back: its English term, its weight relative to a query word, and how a hit
/// writes it (for `via`).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub term: String,
    pub weight: f32,
    pub written: String,
}

/// Whether a query gets feedback.
pub fn applies(analysed: &Analysed) -> bool {
    let words = analysed
        .units
        .iter()
        .filter(|u| u.need != Need::Excluded && !u.phrase)
        .count();
    words >= MIN_UNITS
}

/// The words to feed back from the best hits (`best`: corpus positions and scores, best first).
pub fn words(
    index: &SearchIndex,
    corpus: &Corpus,
    searcher: &Searcher,
    f: &Fields,
    analysed: &Analysed,
    best: &[(f32, usize)],
) -> Vec<Word> {
    let query: BTreeSet<&str> = analysed
        .units
        .iter()
        .flat_map(|u| u.english_terms())
        .chain(
            analysed
                .spans
                .iter()
                .flat_map(|s| s.alternatives.iter().flat_map(|a| a.english.iter()))
                .map(|(_, t)| t.as_str()),
        )
        .collect();
    let best: Vec<(f32, usize)> = best
        .iter()
        .copied()
        .filter(|&(s, ord)| s > 0.0 && corpus.entries().get(ord).is_some_and(|e| e.is_english()))
        .take(DOCS)
        .collect();
    let total: f32 = best.iter().map(|(s, _)| s).sum();
    if best.len() < MIN_DOCS || total <= 0.0 {
        return vec![];
    }
    // term → (P(w|R), hits holding it, how the first hit holding it writes it)
    let mut model: BTreeMap<String, (f32, usize, String)> = BTreeMap::new();
    for &(score, ord) in &best {
        let entry = &corpus.entries()[ord];
        let vector = index.vectors().get(ord, index.analyzer(), entry);
        let texts: Vec<(usize, &str)> = [0, 1 + entry.notes.len()]
            .into_iter()
            .zip([entry.definition.as_str(), entry.term.as_str()])
            .collect();
        let mut counts: BTreeMap<&str, (usize, &str)> = BTreeMap::new();
        let mut length = 0usize;
        for &(i, text) in &texts {
            for (term, start, end) in vector.terms_of(i) {
                length += 1;
                let c = counts
                    .entry(term)
                    .or_insert((0, text.get(start..end).unwrap_or(term)));
                c.0 += 1;
            }
        }
        if length == 0 {
            continue;
        }
        for (term, (tf, written)) in counts {
            if query.contains(term)
                || term.chars().count() < 3
                || term.chars().all(|c| c.is_ascii_digit())
            {
                continue;
            }
            let m = model
                .entry(term.to_string())
                .or_insert((0.0, 0, written.to_lowercase()));
            m.0 += (score / total) * tf as f32 / length as f32;
            m.1 += 1;
        }
    }
    let docs = searcher.num_docs().max(1) as f32;
    let mut scored: Vec<(f32, String, String)> = model
        .into_iter()
        .filter(|(_, (_, n, _))| *n >= MIN_DOCS)
        .map(|(term, (p, _, written))| {
            // Over the fields it is fed back into (a word of every term is no evidence).
            let df = [f.definition, f.term]
                .map(|field| {
                    searcher
                        .doc_freq(&Term::from_field_text(field, &term))
                        .unwrap_or(0)
                })
                .into_iter()
                .max()
                .unwrap_or(0) as f32;
            let idf = (docs / (df + 1.0)).ln().max(0.0);
            (p * idf, term, written)
        })
        .filter(|(s, _, _)| *s > 0.0)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.truncate(WORDS);
    let top = scored.first().map_or(1.0, |s| s.0);
    scored
        .into_iter()
        .map(|(s, term, written)| Word {
            term,
            weight: WEIGHT * s / top,
            written,
        })
        .collect()
}

/// The optional clauses of the fed-back words (definition and term).
pub fn to_query(words: &[Word], f: &Fields) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = words
        .iter()
        .flat_map(|w| {
            [(f.definition, 1.5), (f.term, 2.0)].map(|(field, boost)| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, &w.term),
                    IndexRecordOption::WithFreqs,
                ));
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(q, boost * w.weight)) as Box<dyn Query>,
                )
            })
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}
