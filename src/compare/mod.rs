//! Definitions side by side: for two or more entries and/or free texts, each one's key terms and
//! characteristics (the concept clusters it expresses), FGMV-20 coverage, the similarity of every
//! pair, what all share and what is distinct to each, and a word diff an editor can read.
//! Comparing with the whole corpus ("nearest definitions") is the same machinery with the corpus
//! as the other side: [`Comparer::nearest`].

pub mod diff;
pub mod similarity;

use crate::analysis::Analyzer;
use crate::cancel::Cancel;
use crate::clusters::{ClusterRef, Clusters, Coverage, Reading};
use crate::corpus::Corpus;
use crate::error::{Error, Result};
use crate::model::{Collection, Entry};
use diff::Diff;
use serde::Serialize;
use similarity::{METHOD, TfIdf, Vector, blend, characteristic_cosine};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Most items one comparison takes.
pub const MAX_ITEMS: usize = 20;
/// Longest text accepted, in characters (a definition is rarely over 1 000).
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Most nearest definitions one request may ask for.
pub const MAX_NEAREST: usize = 100;

/// One thing to compare, as a user gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemInput {
    /// An entry of the registry, by id.
    Id(String),
    /// A free text (a draft definition).
    Text(String),
}

/// Options of a comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CompareOptions {
    /// When above 0, also list for each item this many nearest corpus definitions; then one
    /// item is enough (the corpus is the other side).
    pub nearest: usize,
    /// Restrict nearest definitions to one collection.
    pub collection: Option<Collection>,
}

/// A key term found in an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ItemTerm {
    /// As written (case-folded).
    pub term: String,
    /// Id of the cluster it expresses, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cluster: Option<String>,
}

/// One compared item.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Item {
    /// Entry id, for an entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The term the entry defines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// The text compared (the entry's definition, or the text given).
    pub text: String,
    /// Language of the text.
    pub lang: String,
    /// The concept clusters it expresses.
    pub characteristics: Vec<ClusterRef>,
    /// Its key terms, each once, in text order.
    pub terms: Vec<ItemTerm>,
    /// Which FGMV-20 characteristics it expresses and lacks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fgmv20: Option<Coverage>,
    /// The nearest corpus definitions, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nearest: Option<Vec<Neighbour>>,
}

/// The similarity of two items.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Pair {
    /// Index of the first item.
    pub a: usize,
    /// Index of the second item.
    pub b: usize,
    /// In [0, 1]: the blend named by `method` of `characteristic_similarity` and
    /// `word_similarity`.
    pub similarity: f64,
    /// How `similarity` was computed (see [`similarity::METHOD`]).
    pub method: &'static str,
    /// Cosine of the two sets of characteristics, each weighted by its rarity.
    pub characteristic_similarity: f64,
    /// Cosine of the TF-IDF vectors of their words.
    pub word_similarity: f64,
    /// Fraction of their words the diff aligns, in [0, 1].
    pub words_in_common: f64,
    /// Characteristics the two share.
    pub shared: Vec<ClusterRef>,
}

/// A corpus definition near an item.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Neighbour {
    /// Entry id.
    pub id: String,
    /// The term it defines.
    pub term: String,
    /// Its definition.
    pub definition: String,
    /// Similarity with the item, in [0, 1].
    pub similarity: f64,
    /// How `similarity` was computed.
    pub method: &'static str,
    /// Characteristics it shares with the item.
    pub shared: Vec<ClusterRef>,
}

/// The result of a comparison (JSON of `POST /v1/compare` and `mvterms compare --json`).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Comparison {
    /// The items, in the order given.
    pub items: Vec<Item>,
    /// Every pair of items.
    pub pairs: Vec<Pair>,
    /// Characteristics every item expresses.
    pub shared: Vec<ClusterRef>,
    /// For each item, the characteristics no other item expresses.
    pub distinct: Vec<Vec<ClusterRef>>,
    /// Word diffs of the first item with each other item.
    pub diff: Vec<Diff>,
}

/// Compare, nearest definitions and entry characteristics, for one corpus. Built once (it
/// computes the clusters) and shared.
#[derive(Debug, Clone)]
pub struct Comparer {
    corpus: Corpus,
    analyzer: Analyzer,
    clusters: Arc<Clusters>,
    tfidf: TfIdf,
    /// Weight of each cluster in the characteristic similarity: ln((1 + N) / (1 + n)) + 1 for a
    /// cluster expressed by n of the N analysed definitions.
    idf: Vec<f64>,
    /// The characteristics of every entry, by position.
    characteristics: Vec<Vec<usize>>,
}

struct Read<'a> {
    entry: Option<&'a Entry>,
    text: String,
    lang: String,
    reading: Reading,
    vector: Vector,
}

impl Comparer {
    /// Computes the clusters of `corpus` and the similarity weights.
    pub fn new(corpus: &Corpus) -> Comparer {
        let analyzer = Analyzer::new(corpus);
        let clusters = Clusters::compute_with(corpus, &analyzer, &Default::default());
        Comparer::with_clusters(corpus, analyzer, Arc::new(clusters))
    }

    /// With clusters computed elsewhere (the server computes them once).
    pub fn with_clusters(corpus: &Corpus, analyzer: Analyzer, clusters: Arc<Clusters>) -> Comparer {
        let tfidf = TfIdf::new(corpus, &analyzer);
        let n = clusters.method.analysed as f64;
        let idf = clusters
            .clusters
            .iter()
            .map(|c| ((1.0 + n) / (1.0 + c.entries.len() as f64)).ln() + 1.0)
            .collect();
        let characteristics = corpus
            .entries()
            .iter()
            .map(|e| clusters.read_entry(e).characteristics)
            .collect();
        Comparer {
            corpus: corpus.clone(),
            analyzer,
            clusters,
            tfidf,
            idf,
            characteristics,
        }
    }

    /// The clusters of the corpus.
    pub fn clusters(&self) -> &Arc<Clusters> {
        &self.clusters
    }

    /// Checks every input and reads it; unknown ids and bad texts are refused with the item named.
    fn read_all(&self, inputs: &[ItemInput], cancel: &Cancel) -> Result<Vec<Read<'_>>> {
        if inputs.len() > MAX_ITEMS {
            return Err(Error::InvalidArgument(format!(
                "too many items to compare: {}; the limit is {MAX_ITEMS}",
                inputs.len()
            )));
        }
        let mut out = Vec::with_capacity(inputs.len());
        for (i, input) in inputs.iter().enumerate() {
            cancel.check()?;
            match input {
                ItemInput::Id(id) => {
                    let position = self
                        .corpus
                        .position(id.trim())
                        .ok_or_else(|| Error::EntryNotFound(id.clone()))?;
                    let entry = &self.corpus.entries()[position];
                    out.push(Read {
                        entry: Some(entry),
                        text: entry.definition.clone(),
                        lang: entry.lang.clone(),
                        reading: self.clusters.read_entry(entry),
                        vector: self.tfidf.entry(position).cloned().unwrap_or_default(),
                    });
                }
                ItemInput::Text(text) => {
                    check_text(i, text)?;
                    let lang = "en".to_string();
                    out.push(Read {
                        entry: None,
                        text: text.clone(),
                        reading: self.clusters.read_text(text, &lang),
                        vector: self.tfidf.vector(text, &lang),
                        lang,
                    });
                }
            }
        }
        Ok(out)
    }

    /// Compares the items. Needs two or more, or one with `options.nearest` above 0.
    pub fn compare(&self, inputs: &[ItemInput], options: &CompareOptions) -> Result<Comparison> {
        self.compare_cancellable(inputs, options, &Cancel::never())
    }

    /// [`Comparer::compare`], stopping with [`Error::Cancelled`] when `cancel` says so (between
    /// items, inside each word diff, every few thousand corpus entries of the nearest ones).
    pub fn compare_cancellable(
        &self,
        inputs: &[ItemInput],
        options: &CompareOptions,
        cancel: &Cancel,
    ) -> Result<Comparison> {
        if options.nearest > MAX_NEAREST {
            return Err(Error::InvalidArgument(format!(
                "nearest {} is too many; the limit is {MAX_NEAREST}",
                options.nearest
            )));
        }
        let needed = if options.nearest > 0 { 1 } else { 2 };
        if inputs.len() < needed {
            return Err(Error::InvalidArgument(format!(
                "compare needs at least two items (entry ids or texts); got {}. To compare one \
                 text with the whole corpus, ask for its nearest definitions (mvterms compare \
                 … --nearest 5; in the API body: \"nearest\": 5)",
                inputs.len()
            )));
        }
        let read = self.read_all(inputs, cancel)?;
        let sets: Vec<BTreeSet<usize>> = read
            .iter()
            .map(|r| r.reading.characteristics.iter().copied().collect())
            .collect();
        let mut pairs = Vec::new();
        // The diffs of the first item with each other one are answered too.
        let mut diffs = Vec::with_capacity(read.len().saturating_sub(1));
        for a in 0..read.len() {
            for b in a + 1..read.len() {
                let d = diff::diff_cancellable(
                    &self.analyzer,
                    a,
                    &read[a].text,
                    b,
                    &read[b].text,
                    cancel,
                )?;
                let shared: Vec<usize> = sets[a].intersection(&sets[b]).copied().collect();
                let by_characteristics = characteristic_cosine(
                    &read[a].reading.characteristics,
                    &read[b].reading.characteristics,
                    &self.idf,
                );
                let by_words = read[a].vector.cosine(&read[b].vector);
                pairs.push(Pair {
                    a,
                    b,
                    similarity: blend(by_characteristics, by_words),
                    method: METHOD,
                    characteristic_similarity: by_characteristics,
                    word_similarity: by_words,
                    words_in_common: d.words_in_common,
                    shared: self.clusters.refs(&shared),
                });
                if a == 0 {
                    diffs.push(d);
                }
            }
        }
        let shared: Vec<usize> = match sets.split_first() {
            Some((first, rest)) => first
                .iter()
                .copied()
                .filter(|c| rest.iter().all(|s| s.contains(c)))
                .collect(),
            None => Vec::new(),
        };
        let distinct = (0..sets.len())
            .map(|i| {
                let only: Vec<usize> = sets[i]
                    .iter()
                    .copied()
                    .filter(|c| (0..sets.len()).all(|j| j == i || !sets[j].contains(c)))
                    .collect();
                self.clusters.refs(&only)
            })
            .collect();
        let items = read
            .iter()
            .map(|r| {
                let nearest = if options.nearest > 0 {
                    Some(self.neighbours(
                        &r.vector,
                        &r.reading,
                        r.entry,
                        options.nearest,
                        options.collection,
                        cancel,
                    )?)
                } else {
                    None
                };
                Ok(self.item(r, nearest))
            })
            .collect::<Result<_>>()?;
        Ok(Comparison {
            items,
            pairs,
            shared: self.clusters.refs(&shared),
            distinct,
            diff: diffs,
        })
    }

    /// The corpus definitions most similar to an entry or a text, most similar first (ties: id).
    pub fn nearest(
        &self,
        input: &ItemInput,
        limit: usize,
        collection: Option<Collection>,
    ) -> Result<Vec<Neighbour>> {
        self.nearest_cancellable(input, limit, collection, &Cancel::never())
    }

    /// [`Comparer::nearest`], stopping with [`Error::Cancelled`] when `cancel` says so.
    pub fn nearest_cancellable(
        &self,
        input: &ItemInput,
        limit: usize,
        collection: Option<Collection>,
        cancel: &Cancel,
    ) -> Result<Vec<Neighbour>> {
        if !(1..=MAX_NEAREST).contains(&limit) {
            return Err(Error::InvalidArgument(format!(
                "limit {limit} is out of range; expected 1 to {MAX_NEAREST}"
            )));
        }
        let read = self.read_all(std::slice::from_ref(input), cancel)?;
        let r = &read[0];
        self.neighbours(&r.vector, &r.reading, r.entry, limit, collection, cancel)
    }

    /// Characteristics and FGMV-20 coverage of one entry (for the entry's own page).
    pub fn entry_item(&self, id: &str) -> Result<Item> {
        let read = self.read_all(&[ItemInput::Id(id.to_string())], &Cancel::never())?;
        Ok(self.item(&read[0], None))
    }

    fn item(&self, r: &Read<'_>, nearest: Option<Vec<Neighbour>>) -> Item {
        let mut seen = BTreeSet::new();
        let terms = r
            .reading
            .terms
            .iter()
            .filter(|t| seen.insert(t.term.clone()))
            .map(|t| ItemTerm {
                term: t.term.clone(),
                cluster: t
                    .cluster
                    .and_then(|c| self.clusters.clusters.get(c))
                    .map(|c| c.id.clone()),
            })
            .collect();
        Item {
            id: r.entry.map(|e| e.id.clone()),
            term: r.entry.map(|e| e.term.clone()),
            text: r.text.clone(),
            lang: r.lang.clone(),
            characteristics: self.clusters.refs(&r.reading.characteristics),
            terms,
            fgmv20: self.clusters.coverage_of(&r.reading),
            nearest,
        }
    }

    fn neighbours(
        &self,
        vector: &Vector,
        reading: &Reading,
        itself: Option<&Entry>,
        limit: usize,
        collection: Option<Collection>,
        cancel: &Cancel,
    ) -> Result<Vec<Neighbour>> {
        let mut scored: Vec<(f64, usize)> = Vec::new();
        for (start, chunk) in (0..).step_by(4096).zip(self.corpus.entries().chunks(4096)) {
            cancel.check()?;
            scored.extend(
                chunk
                    .iter()
                    .enumerate()
                    .map(|(i, e)| (start + i, e))
                    .filter(|(_, e)| itself.is_none_or(|me| me.id != e.id))
                    .filter(|(_, e)| collection.is_none_or(|c| e.collection == c))
                    .filter_map(|(p, _)| {
                        self.tfidf.entry(p).map(|v| {
                            let by_characteristics = characteristic_cosine(
                                &reading.characteristics,
                                &self.characteristics[p],
                                &self.idf,
                            );
                            (blend(by_characteristics, vector.cosine(v)), p)
                        })
                    })
                    .filter(|(s, _)| *s > 0.0),
            );
        }
        scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        scored.truncate(limit);
        let mine: BTreeSet<usize> = reading.characteristics.iter().copied().collect();
        Ok(scored
            .into_iter()
            .map(|(similarity, p)| {
                let entry = &self.corpus.entries()[p];
                let shared: Vec<usize> = self.characteristics[p]
                    .iter()
                    .copied()
                    .filter(|c| mine.contains(c))
                    .collect();
                Neighbour {
                    id: entry.id.clone(),
                    term: entry.term.clone(),
                    definition: entry.definition.clone(),
                    similarity,
                    method: METHOD,
                    shared: self.clusters.refs(&shared),
                }
            })
            .collect())
    }
}

/// Refuses empty, wordless and overlong texts, naming the item (1-based, as an editor counts).
fn check_text(index: usize, text: &str) -> Result<()> {
    let n = index + 1;
    if text.trim().is_empty() {
        return Err(Error::InvalidArgument(format!(
            "item {n} is an empty text; expected a definition to compare"
        )));
    }
    let chars = text.chars().count();
    if chars > MAX_TEXT_CHARS {
        return Err(Error::InvalidArgument(format!(
            "item {n} is {chars} characters long; the limit is {MAX_TEXT_CHARS} (compare \
             definitions, not whole documents)"
        )));
    }
    if crate::analysis::segment::words(text).is_empty() {
        return Err(Error::InvalidArgument(format!(
            "item {n} has no words to compare: '{}'",
            text.trim()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
