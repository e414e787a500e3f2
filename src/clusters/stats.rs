//! What the corpus says about its key terms, before any grouping: in which definitions each
//! candidate occurs, how it is written, which modifiers each head word takes, and which
//! multi-word terms and abbreviations the registry itself defines.

use crate::analysis::phrases::{Candidate, CandidateKind, Candidates};
use crate::analysis::{Analyzer, equivalence, is_english};
use crate::corpus::Corpus;
use crate::model::{Collection, Entry};
use std::collections::{BTreeMap, BTreeSet};

/// Fewest other modifiers a head must take before its use is compared with another's.
pub const MIN_EVIDENCE: usize = 3;

/// Kind of a key term, as seen in the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyKind {
    /// A word (stem).
    Word,
    /// A canonical spelling (`3d`).
    Variant,
    /// A registry abbreviation.
    Abbreviation,
    /// Two or more adjacent words.
    Phrase,
}

/// Corpus statistics the grouping works from.
#[derive(Debug, Default)]
pub struct Stats {
    /// Positions (in `corpus.entries()`) of the analysed definitions: the metaverse collection,
    /// English text.
    pub analysed: Vec<usize>,
    /// Key → positions of the analysed definitions it occurs in.
    pub df: BTreeMap<String, BTreeSet<usize>>,
    /// Key → written form → number of analysed definitions using that form.
    pub surfaces: BTreeMap<String, BTreeMap<String, usize>>,
    /// Key → kind.
    pub kinds: BTreeMap<String, KeyKind>,
    /// Head word → modifier word → number of two-word runs "modifier head" in every English
    /// definition of the corpus (both collections: more evidence of how words are used).
    pub modifiers: BTreeMap<String, BTreeMap<String, f64>>,
    /// Word → number of two-word runs it starts (it is the modifier).
    pub starts: BTreeMap<String, f64>,
    /// Multi-word keys the registry defines as terms or expansions → the designation as written.
    pub designations: BTreeMap<String, String>,
    /// Abbreviation key → (phrase key of its expansion, "AR = augmented reality").
    pub abbreviations: BTreeMap<String, BTreeMap<String, String>>,
}

/// The keys of an entry's own term: a definition of *metaverse* saying "metaverse" expresses no
/// characteristic by it.
pub fn own_term_keys(analyzer: &Analyzer, entry: &Entry) -> BTreeSet<String> {
    analyzer
        .terms(&entry.term, &entry.lang)
        .into_iter()
        .map(|t| t.term)
        .collect()
}

/// The candidates of a text with those touching a skipped key removed.
pub fn candidates_without(
    analyzer: &Analyzer,
    text: &str,
    lang: &str,
    max_words: usize,
    skip: &BTreeSet<String>,
) -> Vec<Candidate> {
    let Candidates { slots, items } = analyzer.candidates(text, lang, max_words);
    let mut skipped = vec![false; slots];
    for c in items.iter().filter(|c| c.kind.is_single()) {
        skipped[c.first] = skip.contains(&c.key);
    }
    items
        .into_iter()
        .filter(|c| !skipped[c.first..c.first + c.len].iter().any(|&s| s))
        .collect()
}

/// The key of a multi-word designation ("Virtual World" → "virtual world"), when its words form
/// one run of at most `max_words` words.
pub fn phrase_key(analyzer: &Analyzer, text: &str, max_words: usize) -> Option<String> {
    let c = analyzer.candidates(text, "en", max_words);
    c.items
        .into_iter()
        .find(|i| i.kind == CandidateKind::Phrase && i.first == 0 && i.len == c.slots)
        .map(|i| i.key)
}

impl Stats {
    /// Scans the corpus.
    pub fn gather(corpus: &Corpus, analyzer: &Analyzer, max_words: usize) -> Stats {
        let mut stats = Stats::default();
        for (position, entry) in corpus.entries().iter().enumerate() {
            if !is_english(&entry.lang) {
                continue;
            }
            let skip = own_term_keys(analyzer, entry);
            let found = candidates_without(analyzer, &entry.definition, "en", max_words, &skip);
            for c in found
                .iter()
                .filter(|c| c.kind == CandidateKind::Phrase && c.len == 2)
            {
                if let Some((modifier, head)) = c.key.split_once(' ') {
                    *stats.starts.entry(modifier.to_string()).or_default() += 1.0;
                    *stats
                        .modifiers
                        .entry(head.to_string())
                        .or_default()
                        .entry(modifier.to_string())
                        .or_default() += 1.0;
                }
            }
            if entry.collection != Collection::Metaverse {
                continue;
            }
            stats.analysed.push(position);
            let mut forms: BTreeSet<(&str, &str)> = BTreeSet::new();
            for c in &found {
                let kind = match c.kind {
                    CandidateKind::Word => KeyKind::Word,
                    CandidateKind::Variant => KeyKind::Variant,
                    CandidateKind::Abbreviation => KeyKind::Abbreviation,
                    CandidateKind::Phrase => KeyKind::Phrase,
                    // "augmented reality" counts for the abbreviation AR too.
                    CandidateKind::Expansion => KeyKind::Abbreviation,
                };
                // A key written once as a variant ("three-dimensional" for 3d) is a variant key.
                let known = stats.kinds.entry(c.key.clone()).or_insert(kind);
                if kind == KeyKind::Variant {
                    *known = kind;
                }
                stats.df.entry(c.key.clone()).or_default().insert(position);
                forms.insert((&c.key, &c.surface));
            }
            for (key, surface) in forms {
                *stats
                    .surfaces
                    .entry(key.to_string())
                    .or_default()
                    .entry(surface.to_string())
                    .or_default() += 1;
            }
        }
        stats.gather_registry(corpus, analyzer, max_words);
        stats
    }

    /// Multi-word terms and abbreviations the registry defines.
    fn gather_registry(&mut self, corpus: &Corpus, analyzer: &Analyzer, max_words: usize) {
        for entry in corpus.entries().iter().filter(|e| is_english(&e.lang)) {
            if let Some(key) = phrase_key(analyzer, &entry.term, max_words) {
                self.designations
                    .entry(key)
                    .or_insert_with(|| entry.term.clone());
            }
        }
        let pairs = corpus
            .abbreviations()
            .iter()
            .map(|a| (a.abbreviation.as_str(), a.expansion.as_str()))
            .chain(corpus.entries().iter().filter_map(|e| {
                e.abbreviation
                    .as_deref()
                    .map(|a| (a, e.term.as_str()))
                    .filter(|_| is_english(&e.lang))
            }));
        for (abbreviation, expansion) in pairs {
            let abbreviation_key = equivalence::abbreviation_token(abbreviation);
            if abbreviation_key.is_empty() {
                continue;
            }
            if let Some(key) = phrase_key(analyzer, expansion, max_words) {
                self.designations
                    .entry(key.clone())
                    .or_insert_with(|| expansion.to_string());
                self.abbreviations
                    .entry(abbreviation_key)
                    .or_default()
                    .entry(key)
                    .or_insert_with(|| format!("{abbreviation} = {expansion}"));
            }
        }
    }

    /// Number of analysed definitions a key occurs in.
    pub fn count(&self, key: &str) -> usize {
        self.df.get(key).map_or(0, BTreeSet::len)
    }

    /// The most used written form of a key (ties: the alphabetically first).
    pub fn main_surface(&self, key: &str) -> Option<&str> {
        self.surfaces.get(key).and_then(|forms| {
            forms
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(s, _)| s.as_str())
        })
    }

    /// True when `word` ends two-word runs at least as often as it starts them: a head ("world"
    /// in "virtual world"), not a modifier ("virtual"). Runs ending in a modifier ("3d virtual"
    /// of "3D virtual worlds") are fragments of longer terms, not terms.
    pub fn is_head(&self, word: &str) -> bool {
        let as_last: f64 = self.modifiers.get(word).map_or(0.0, |m| m.values().sum());
        let as_first = self.starts.get(word).copied().unwrap_or(0.0);
        as_last >= as_first
    }

    /// How alike two head words are used: cosine of the sets of modifiers they take in the
    /// corpus, leaving out `shared`, the modifier the two runs have in common (it would make any
    /// two heads look alike). Sets rather than counts, so that one very frequent modifier
    /// ("virtual") does not decide alone. `None` when either head takes fewer than
    /// [`MIN_EVIDENCE`] other modifiers: too little evidence to compare.
    pub fn head_similarity(&self, a: &str, b: &str, shared: &str) -> Option<f64> {
        let others = |h: &str| -> Option<BTreeSet<&str>> {
            let set: BTreeSet<&str> = self
                .modifiers
                .get(h)?
                .keys()
                .map(String::as_str)
                .filter(|m| *m != shared)
                .collect();
            (set.len() >= MIN_EVIDENCE).then_some(set)
        };
        let (sa, sb) = (others(a)?, others(b)?);
        let common = sa.intersection(&sb).count() as f64;
        Some(common / ((sa.len() * sb.len()) as f64).sqrt())
    }
}
