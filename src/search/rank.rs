//! The second stage of ranking: the best candidates by BM25 are re-scored by how much of the
//! query they match, how close together, and whether in the term, read from each candidate's
//! term vector.
//!
//! score = bm25 × (FLOOR + (1 − FLOOR) × coverage²) × (1 + PROXIMITY × proximity) × (1 + TERM × in_term)
//!         × (1 + GENUS × genus)
//!
//! - coverage: the share of the query's weight (each unit weighs its IDF) the entry matches; a
//!   unit matched through an alternative counts that alternative's weight (an equivalent 0.35
//!   or 0.5, a typo 0.5, …), so a synonym-only match ranks below an exact one;
//! - proximity: matched words of the query close together in one text (1 when adjacent);
//! - in_term: the square of the share of the query's weight the entry's term matches, times the
//!   share of the term's words the query names (so "virtual world" in a long description does
//!   not make the entry *virtual world* the answer; an abbreviation counts with its expansion's
//!   words). Squared as coverage is: on the dev queries it ranked abbreviation lookups 0.896 →
//!   0.973 and concept queries 0.811 → 0.819 (nDCG@10);
//! - a word found only in the entry's source counts half for coverage;
//! - genus: for a description of three or more words, the share of its first two words (the
//!   class it names) found among the definition's first four words, where a definition states
//!   its genus (ISO 704).
//!
//! The constants were chosen on the dev part of `bench/relevance/queries.toml` (never the held
//! part): coverage squared with a floor of 0.05 ranked best among the floors 0.05–0.5 and
//! exponents 1–3 tried.

use super::query::{Alternative, Analysed};
use crate::index::vectors::EntryTerms;
use crate::model::Entry;

/// Share of the BM25 score an entry keeps when it matches a negligible part of the query.
const FLOOR: f32 = 0.05;
/// Weight of proximity.
const PROXIMITY: f32 = 0.3;
/// Weight of matching in the term.
const TERM: f32 = 1.0;
/// What a word found only in the source (document, author, title, id) counts for coverage.
const SOURCE_ONLY: f32 = 0.5;
/// Weight of the genus match (see [`Features::genus`]).
const GENUS: f32 = 0.3;
/// How many of a description's first words are its class word, and how many of a
/// definition's first words hold the genus.
const GENUS_QUERY_WORDS: usize = 2;
const GENUS_DEFINITION_WORDS: usize = 4;

/// What the second stage found for one candidate.
#[derive(Debug, Clone, Default)]
pub struct Features {
    pub coverage: f32,
    pub proximity: f32,
    pub in_term: f32,
    /// For a description (three or more words): the share of its first words, the class it
    /// names, that open the definition too. A definition states its genus first (ISO 704), and
    /// so does an editor describing a notion: "the part of the scene …" is a kind of part.
    pub genus: f32,
    /// Whether every unit of the query matched (through any alternative).
    pub all: bool,
    /// Why it matched, for the alternatives that are not the words as typed.
    pub via: Vec<String>,
}

impl Features {
    /// The factor applied to the BM25 score.
    pub fn factor(&self) -> f32 {
        (FLOOR + (1.0 - FLOOR) * self.coverage * self.coverage)
            * (1.0 + PROXIMITY * self.proximity)
            * (1.0 + TERM * self.in_term)
            * (1.0 + GENUS * self.genus)
    }
}

/// Where a sequence of terms starts in a text's terms (each next term within two places of the
/// one before: stacked abbreviation tokens sit between words).
fn find(tokens: &[&str], terms: &[&str]) -> Option<usize> {
    let first = *terms.first()?;
    'start: for (k, t) in tokens.iter().enumerate() {
        if *t != first {
            continue;
        }
        let mut at = k;
        for next in &terms[1..] {
            match (at + 1..(at + 3).min(tokens.len())).find(|&j| tokens[j] == *next) {
                Some(j) => at = j,
                None => continue 'start,
            }
        }
        return Some(k);
    }
    None
}

fn alternative_terms(a: &Alternative, english: bool) -> Vec<&str> {
    let terms = if english { &a.english } else { &a.neutral };
    terms.iter().map(|(_, t)| t.as_str()).collect()
}

/// The features of one candidate. `weights` is each unit's weight (its IDF).
pub fn features(
    lexicon: &super::Lexicon,
    analysed: &Analysed,
    weights: &[f32],
    entry: &Entry,
    vector: &EntryTerms,
) -> Features {
    let english = entry.is_english();
    let texts = 2 + entry.notes.len();
    let term_text = texts - 1;
    let tokens: Vec<Vec<&str>> = (0..texts)
        .map(|i| vector.terms_of(i).map(|(t, _, _)| t).collect())
        .collect();
    let n = analysed.units.len();
    let mut matched = vec![0f32; n];
    let mut in_term = vec![0f32; n];
    let mut term_hits = vec![false; tokens[term_text].len()];
    // Definition positions of units matched as typed, for proximity.
    let mut positions: Vec<(usize, usize)> = Vec::new();
    let mut via: Vec<(usize, String)> = Vec::new();
    for (u, unit) in analysed.units.iter().enumerate() {
        let mut best: Option<(f32, Option<&String>)> = None;
        for a in &unit.alternatives {
            let terms = alternative_terms(a, english);
            if terms.is_empty() {
                continue;
            }
            let mut hit = false;
            for (i, text) in tokens.iter().enumerate() {
                if let Some(k) = find(text, &terms) {
                    hit = true;
                    if i == term_text {
                        in_term[u] = in_term[u].max(a.weight);
                        for (j, t) in text.iter().enumerate().skip(k) {
                            if terms.contains(t) {
                                term_hits[j] = true;
                            }
                        }
                    }
                    if i == 0 && a.via.is_none() {
                        positions.push((k, u));
                    }
                }
            }
            if hit && best.is_none_or(|(w, _)| a.weight > w) {
                best = Some((a.weight, a.via.as_ref()));
            }
        }
        if best.is_none() {
            let words: Vec<&str> = unit.source.iter().map(|(_, t)| t.as_str()).collect();
            let source: Vec<&str> = vector.source_terms().iter().map(String::as_str).collect();
            if !words.is_empty() && find(&source, &words).is_some() {
                best = Some((SOURCE_ONLY, None));
            }
        }
        if let Some((w, reason)) = best {
            matched[u] = w;
            if let Some(reason) = reason {
                via.push((u, reason.clone()));
            }
        }
    }
    for span in &analysed.spans {
        let exact = (span.first..=span.last).all(|u| matched[u] >= 1.0);
        if exact {
            continue;
        }
        for a in &span.alternatives {
            let terms = alternative_terms(a, english);
            if terms.is_empty() || !tokens.iter().any(|t| find(t, &terms).is_some()) {
                continue;
            }
            for m in &mut matched[span.first..=span.last] {
                *m = m.max(a.weight);
            }
            if let Some(reason) = &a.via {
                via.push((span.first, reason.clone()));
            }
            break;
        }
    }
    let total: f32 = weights.iter().sum();
    let coverage = if total > 0.0 {
        matched.iter().zip(weights).map(|(m, w)| m * w).sum::<f32>() / total
    } else {
        0.0
    };
    // How much of the query the term answers, times how much of the term the query names
    // (an abbreviation token stacked on its expansion counts with it).
    let in_term_share = if total > 0.0 {
        in_term.iter().zip(weights).map(|(t, w)| t * w).sum::<f32>() / total
    } else {
        0.0
    };
    let term_tokens = &tokens[term_text];
    let expansion_of = |t: &str| lexicon.expansion_terms(t);
    let is_abbreviation = |t: &str| expansion_of(t).is_some();
    // An abbreviation token matched also covers the words of its expansion in the term.
    for (j, t) in term_tokens.iter().enumerate() {
        if term_hits[j] {
            if let Some(words) = expansion_of(t) {
                for (i, other) in term_tokens.iter().enumerate() {
                    if words.contains(*other) {
                        term_hits[i] = true;
                    }
                }
            }
        }
    }
    let counted = term_tokens
        .iter()
        .zip(&term_hits)
        .filter(|(t, h)| **h || !is_abbreviation(t))
        .count();
    let fit = if counted > 0 {
        term_hits.iter().filter(|h| **h).count() as f32 / counted as f32
    } else {
        0.0
    };
    // Squared, as coverage is: a term that answers half the query counts a quarter, so a
    // description that merely contains an entry's term does not make that entry the answer.
    let in_term_share = (in_term_share * fit).powi(2);
    via.sort();
    via.dedup_by(|a, b| a.1 == b.1);
    let all = matched
        .iter()
        .zip(weights)
        .all(|(m, w)| *m > 0.0 || *w == 0.0);
    let genus = genus(&positions, n);
    Features {
        all,
        coverage,
        genus,
        proximity: proximity(&mut positions, n),
        in_term: in_term_share,
        via: via.into_iter().map(|(_, v)| v).collect(),
    }
}

/// The share of a description's first [`GENUS_QUERY_WORDS`] units found, as typed, among the
/// definition's first [`GENUS_DEFINITION_WORDS`] words; 0 for a query of fewer than three units.
fn genus(positions: &[(usize, usize)], units: usize) -> f32 {
    if units < 3 {
        return 0.0;
    }
    let lead = GENUS_QUERY_WORDS.min(units);
    let found = (0..lead)
        .filter(|&u| {
            positions
                .iter()
                .any(|&(k, pu)| pu == u && k < GENUS_DEFINITION_WORDS)
        })
        .count();
    found as f32 / lead as f32
}

/// The distinct units in the tightest window of the definition holding every unit matched
/// there, over the window's length: 1 when they are adjacent, 0 when fewer than two matched.
fn proximity(positions: &mut [(usize, usize)], units: usize) -> f32 {
    positions.sort_unstable();
    let mut distinct: Vec<usize> = positions.iter().map(|&(_, u)| u).collect();
    distinct.sort_unstable();
    distinct.dedup();
    let k = distinct.len();
    if k < 2 || units < 2 {
        return 0.0;
    }
    let mut counts = vec![0usize; units];
    let mut have = 0;
    let mut best = usize::MAX;
    let mut left = 0;
    for right in 0..positions.len() {
        let u = positions[right].1;
        counts[u] += 1;
        if counts[u] == 1 {
            have += 1;
        }
        while have == k {
            best = best.min(positions[right].0 - positions[left].0 + 1);
            let lu = positions[left].1;
            counts[lu] -= 1;
            if counts[lu] == 0 {
                have -= 1;
            }
            left += 1;
        }
    }
    if best == usize::MAX {
        0.0
    } else {
        k as f32 / best as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjacent_words_are_closest() {
        assert_eq!(proximity(&mut [(3, 0), (4, 1)], 2), 1.0);
        assert_eq!(proximity(&mut [(0, 0), (9, 1), (20, 0), (21, 1)], 2), 1.0);
        assert!(proximity(&mut [(0, 0), (9, 1)], 2) < 0.25);
        assert_eq!(proximity(&mut [(0, 0)], 2), 0.0);
    }

    #[test]
    fn a_sequence_is_found_across_a_stacked_token() {
        let tokens = ["extend", "xr", "realiti", "headset"];
        assert_eq!(find(&tokens, &["extend", "realiti"]), Some(0));
        assert_eq!(find(&tokens, &["realiti", "extend"]), None);
        assert_eq!(find(&tokens, &["headset"]), Some(3));
    }
}
