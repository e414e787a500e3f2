//! Reading a text against the clusters: which key terms it contains and which clusters they
//! express. A word inside a longer term of a cluster counts for that term only.

use super::stats::candidates_without;
use crate::analysis::Analyzer;
use crate::analysis::phrases::{Candidate, CandidateKind};
use std::collections::{BTreeMap, BTreeSet};

/// What reading a text found: its key terms and the clusters they express.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The key terms, in text order (one per occurrence).
    pub terms: Vec<TermHit>,
    /// Indices into [`Clusters::clusters`] of the clusters expressed, sorted.
    pub characteristics: Vec<usize>,
}

/// One key term found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermHit {
    /// As written (case-folded).
    pub term: String,
    /// Normalized key.
    pub key: String,
    /// Byte offsets in the text.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
    /// The cluster it expresses, if any (index into [`Clusters::clusters`]).
    pub cluster: Option<usize>,
}

/// The matching tables, kept to read texts after the computation.
#[derive(Debug, Clone, Default)]
pub(super) struct Reader {
    pub(super) analyzer: Option<Analyzer>,
    /// Key → cluster index, for every key that decides a cluster.
    pub(super) index: BTreeMap<String, usize>,
    pub(super) ignored: BTreeSet<String>,
    pub(super) max_words: usize,
}

impl Reader {
    pub(super) fn read(
        &self,
        text: &str,
        lang: &str,
        skip: &BTreeSet<String>,
    ) -> (Vec<TermHit>, BTreeSet<usize>) {
        let Some(analyzer) = &self.analyzer else {
            return (Vec::new(), BTreeSet::new());
        };
        let mut found = candidates_without(analyzer, text, lang, self.max_words, skip);
        // "virtual and physical worlds": a modifier coordinated with the modifier of a run
        // modifies its head too ("virtual worlds").
        let mut distributed = Vec::new();
        for a in found.iter().filter(|c| c.kind == CandidateKind::Word) {
            let Some(run) = found.iter().find(|r| {
                r.kind == CandidateKind::Phrase
                    && r.len == 2
                    && r.first == a.first + 1
                    && super::stats::is_coordination(&text[a.end..r.start])
            }) else {
                continue;
            };
            let head = run.key.rsplit(' ').next().unwrap_or_default();
            let key = format!("{} {head}", super::forms::stem_of(&a.key));
            if self.index.contains_key(&key) {
                distributed.push(Candidate {
                    key,
                    surface: format!(
                        "{} … {}",
                        a.surface,
                        run.surface.rsplit(' ').next().unwrap_or_default()
                    ),
                    start: a.start,
                    end: a.end,
                    first: a.first,
                    len: 1,
                    kind: CandidateKind::Phrase,
                });
            }
        }
        found.extend(distributed);
        // Longer runs first (a run before an abbreviation recognised over the same words), then
        // single words: a word inside a run that decides a cluster belongs to that run ("world"
        // in "virtual world").
        let rank = |k: CandidateKind| match k {
            CandidateKind::Phrase => 0,
            CandidateKind::Expansion => 1,
            _ => 2,
        };
        found.sort_by(|a, b| {
            a.kind
                .is_single()
                .cmp(&b.kind.is_single())
                .then(b.len.cmp(&a.len))
                .then(rank(a.kind).cmp(&rank(b.kind)))
                .then(a.start.cmp(&b.start))
        });
        let slots = found.iter().map(|c| c.first + c.len).max().unwrap_or(0);
        let mut used = vec![false; slots];
        let mut hits = Vec::new();
        let mut clusters = BTreeSet::new();
        for c in found {
            if self.ignored.contains(&c.key) || used[c.first..c.first + c.len].iter().any(|&u| u) {
                continue;
            }
            let cluster = self.index.get(&c.key).copied();
            if cluster.is_none() && !c.kind.is_single() {
                continue;
            }
            if let Some(i) = cluster {
                clusters.insert(i);
                used[c.first..c.first + c.len].fill(true);
            }
            hits.push(TermHit {
                term: c.surface,
                key: c.key,
                start: c.start,
                end: c.end,
                cluster,
            });
        }
        hits.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
        (hits, clusters)
    }
}
