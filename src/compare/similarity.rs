//! Similarity of definitions: cosine of TF-IDF vectors of the pipeline's terms (stems,
//! canonical spellings, registry abbreviations stacked on their expansions, so "AR" and
//! "augmented reality" meet). Document frequencies come from every definition of the corpus, so
//! words every definition uses ("virtual") weigh less than telling ones ("persistently").

use crate::analysis::Analyzer;
use crate::corpus::Corpus;
use crate::sparse;
use std::collections::BTreeMap;

/// The name of the word-level method.
pub const WORD_METHOD: &str = "tfidf_cosine";

/// The name of the method compare reports: a blend of the characteristics two definitions
/// share (cosine of their characteristic sets, each characteristic weighted by how rare it is
/// among the definitions) and of their words (TF-IDF cosine).
pub const METHOD: &str = "characteristics_idf_cosine*0.7+tfidf_cosine*0.3";

/// Weight of the characteristics in [`METHOD`]; the words take the rest.
pub const CHARACTERISTIC_WEIGHT: f64 = 0.7;

/// Cosine of two sets of characteristics (indices into the clusters), each weighted by `idf`.
pub fn characteristic_cosine(a: &[usize], b: &[usize], idf: &[f64]) -> f64 {
    let w = |i: usize| idf.get(i).copied().unwrap_or(1.0);
    let norm = |s: &[usize]| s.iter().map(|&i| w(i) * w(i)).sum::<f64>().sqrt();
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let dot: f64 = a
        .iter()
        .filter(|i| b.contains(i))
        .map(|&i| w(i) * w(i))
        .sum();
    ((dot / (na * nb)).clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0
}

/// The blended similarity of [`METHOD`], rounded to 4 decimals.
pub fn blend(characteristics: f64, words: f64) -> f64 {
    let s = CHARACTERISTIC_WEIGHT * characteristics + (1.0 - CHARACTERISTIC_WEIGHT) * words;
    (s.clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0
}

/// A sparse, unit-length vector: (term id, weight), sorted by term id. Terms unknown to the
/// corpus get ids past the vocabulary so that they still count in the length.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Vector(Vec<(u32, f64)>);

/// TF-IDF weights learnt from a corpus, and the vector of each of its entries.
#[derive(Debug, Clone)]
pub struct TfIdf {
    analyzer: Analyzer,
    ids: BTreeMap<String, u32>,
    idf: Vec<f64>,
    /// Weight of a term the corpus never uses.
    unseen_idf: f64,
    entries: Vec<Vector>,
}

impl TfIdf {
    /// Learns the weights from every entry's definition and computes each entry's vector.
    pub fn new(corpus: &Corpus, analyzer: &Analyzer) -> TfIdf {
        let mut ids: BTreeMap<String, u32> = BTreeMap::new();
        let mut df: Vec<u32> = Vec::new();
        let mut counted: Vec<Vec<(u32, u32)>> = Vec::with_capacity(corpus.entries().len());
        for entry in corpus.entries() {
            let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
            for token in analyzer.terms(&entry.definition, &entry.lang) {
                let next = ids.len() as u32;
                let id = *ids.entry(token.term).or_insert(next);
                if id as usize == df.len() {
                    df.push(0);
                }
                *counts.entry(id).or_default() += 1;
            }
            for id in counts.keys() {
                df[*id as usize] += 1;
            }
            counted.push(counts.into_iter().collect());
        }
        let n = corpus.entries().len() as f64;
        let idf: Vec<f64> = df
            .iter()
            .map(|&d| ((1.0 + n) / (1.0 + d as f64)).ln() + 1.0)
            .collect();
        let unseen_idf = (1.0 + n).ln() + 1.0;
        let entries = counted
            .into_iter()
            .map(|counts| {
                normalized(
                    counts
                        .into_iter()
                        .map(|(id, c)| (id, weight(c) * idf[id as usize])),
                )
            })
            .collect();
        TfIdf {
            analyzer: analyzer.clone(),
            ids,
            idf,
            unseen_idf,
            entries,
        }
    }

    /// The vector of any text.
    pub fn vector(&self, text: &str, lang: &str) -> Vector {
        let mut counts: BTreeMap<u32, u32> = BTreeMap::new();
        let mut unseen: BTreeMap<String, u32> = BTreeMap::new();
        for token in self.analyzer.terms(text, lang) {
            match self.ids.get(&token.term) {
                Some(&id) => *counts.entry(id).or_default() += 1,
                None => *unseen.entry(token.term).or_default() += 1,
            }
        }
        let base = self.ids.len() as u32;
        let known = counts
            .into_iter()
            .map(|(id, c)| (id, weight(c) * self.idf[id as usize]));
        let new = unseen
            .into_values()
            .enumerate()
            .map(|(k, c)| (base + k as u32, weight(c) * self.unseen_idf));
        normalized(known.chain(new))
    }

    /// The vector of the entry at `position` in `corpus.entries()`.
    pub fn entry(&self, position: usize) -> Option<&Vector> {
        self.entries.get(position)
    }

    /// Number of entry vectors.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the corpus had no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Sublinear term frequency: a word said twice is not twice as telling.
fn weight(count: u32) -> f64 {
    1.0 + (count as f64).ln()
}

fn normalized(items: impl Iterator<Item = (u32, f64)>) -> Vector {
    Vector(sparse::unit(items.collect()))
}

impl Vector {
    /// Cosine similarity with another vector, in [0, 1], rounded to 4 decimals so that
    /// output is stable across platforms.
    pub fn cosine(&self, other: &Vector) -> f64 {
        let dot = sparse::cosine(&self.0, &other.0);
        (dot.clamp(0.0, 1.0) * 10_000.0).round() / 10_000.0
    }

    /// True when the text had no terms.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Collection, Entry};

    fn entry(id: &str, definition: &str) -> Entry {
        Entry {
            id: id.into(),
            collection: Collection::Metaverse,
            term: "metaverse".into(),
            definition: definition.into(),
            notes: vec![],
            abbreviation: None,
            status: Default::default(),
            kind: None,
            year: None,
            lang: "en".into(),
            source: Default::default(),
            flags: vec![],
        }
    }

    #[test]
    fn the_same_words_score_one_and_no_shared_word_scores_zero() {
        let corpus = Corpus::from_parts(
            vec![
                entry("a", "a persistent virtual world"),
                entry("b", "an immersive internet"),
            ],
            vec![],
        )
        .unwrap();
        let t = TfIdf::new(&corpus, &Analyzer::new(&corpus));
        let a = t.entry(0).unwrap();
        assert_eq!(a.cosine(&t.vector("Persistent virtual worlds.", "en")), 1.0);
        assert_eq!(a.cosine(t.entry(1).unwrap()), 0.0);
        let unseen = t.vector("persistent blockchain", "en");
        let s = a.cosine(&unseen);
        assert!(s > 0.0 && s < 1.0, "{s}");
    }
}
