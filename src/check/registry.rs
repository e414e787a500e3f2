//! What the check knows of the registry, precomputed once and shared by every draft checked (CLI
//! runs over many files, API requests): the corpus, the word pipeline, a multi-pattern matcher over
//! the normalized forms of every registry designation, the concepts those designations name, and
//! the registry's abbreviations.

use super::words::Words;
use crate::analysis::Analyzer;
use crate::corpus::Corpus;
use crate::model::{Entry, Status};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::BTreeMap;
use std::ops::Range;

/// An expansion the registry knows for an abbreviation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// The long form.
    pub expansion: String,
    /// The document that gives it.
    pub source: Option<String>,
}

/// One designation of the registry (a term, normalized), with the entries that define it.
#[derive(Debug, Clone)]
pub struct Designation {
    /// Normalized form (folded, stemmed words joined by spaces).
    pub norm: String,
    /// The term as first written by an entry.
    pub display: String,
    /// Positions in [`Corpus::entries`] of the entries with this designation.
    pub entries: Vec<usize>,
    /// The concept (group of entries with the same definition) index of each of `entries`.
    pub concepts: Vec<usize>,
}

/// A registry designation found in a draft's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermHit {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// Index into [`Registry::designations_all`].
    pub designation: usize,
}

/// The registry as the check uses it. Build once with [`Registry::new`]; it is `Send + Sync`.
#[derive(Debug)]
pub struct Registry {
    corpus: Corpus,
    words: Words,
    designations: Vec<Designation>,
    by_norm: BTreeMap<String, usize>,
    matcher: Option<AhoCorasick>,
    /// concept index → designation indices.
    concepts: Vec<Vec<usize>>,
    abbreviations: BTreeMap<String, Vec<Expansion>>,
}

impl Registry {
    /// Precomputes matchers and tables over `corpus`.
    pub fn new(corpus: Corpus) -> Registry {
        let words = Words::new(Analyzer::new(&corpus));
        let mut designations: Vec<Designation> = Vec::new();
        let mut by_norm: BTreeMap<String, usize> = BTreeMap::new();
        let mut concept_of_def: BTreeMap<String, usize> = BTreeMap::new();
        let mut concepts: Vec<Vec<usize>> = Vec::new();
        for (i, e) in corpus.entries().iter().enumerate() {
            let norm = words.norm_phrase(&e.term);
            if norm.is_empty() {
                continue;
            }
            let def_key = words.norm_phrase(&e.definition);
            let next = concept_of_def.len();
            let concept = *concept_of_def.entry(def_key).or_insert(next);
            if concept == concepts.len() {
                concepts.push(Vec::new());
            }
            let d = *by_norm.entry(norm.clone()).or_insert_with(|| {
                designations.push(Designation {
                    norm,
                    display: e.term.clone(),
                    entries: vec![],
                    concepts: vec![],
                });
                designations.len() - 1
            });
            designations[d].entries.push(i);
            designations[d].concepts.push(concept);
            if !concepts[concept].contains(&d) {
                concepts[concept].push(d);
            }
        }
        let patterns: Vec<String> = designations
            .iter()
            .map(|d| format!(" {} ", d.norm))
            .collect();
        // A DFA: built once per registry, it scans every word of every draft checked.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .ok();
        let mut abbreviations: BTreeMap<String, Vec<Expansion>> = BTreeMap::new();
        let mut add = |short: &str, long: &str, source: Option<String>| {
            let list = abbreviations.entry(short.to_string()).or_default();
            if !list.iter().any(|x| x.expansion.eq_ignore_ascii_case(long)) {
                list.push(Expansion {
                    expansion: long.to_string(),
                    source,
                });
            }
        };
        for a in corpus.abbreviations() {
            add(&a.abbreviation, &a.expansion, a.source_document.clone());
        }
        for e in corpus.entries() {
            if let Some(short) = &e.abbreviation {
                add(short, &e.term, e.source.document.clone());
            }
        }
        Registry {
            corpus,
            words,
            designations,
            by_norm,
            matcher,
            concepts,
            abbreviations,
        }
    }

    /// A registry with no entries: only the draft-only rules find anything.
    pub fn empty() -> Registry {
        match Corpus::from_parts(Vec::new(), Vec::new()) {
            Ok(c) => Registry::new(c),
            Err(_) => unreachable!("an empty corpus is always valid"),
        }
    }

    /// The corpus.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The shared word pipeline.
    pub fn words(&self) -> &Words {
        &self.words
    }

    /// Expansions the registry gives for `short`.
    pub fn expansions(&self, short: &str) -> &[Expansion] {
        self.abbreviations.get(short).map_or(&[], Vec::as_slice)
    }

    /// Every designation as first written.
    pub fn designations(&self) -> impl Iterator<Item = &str> {
        self.designations.iter().map(|d| d.display.as_str())
    }

    /// Every designation with its entries.
    pub fn designations_all(&self) -> &[Designation] {
        &self.designations
    }

    /// The designation with this normalized form.
    pub fn designation(&self, norm: &str) -> Option<&Designation> {
        self.by_norm.get(norm).map(|&i| &self.designations[i])
    }

    /// Entry at a position of the corpus.
    pub fn entry(&self, i: usize) -> &Entry {
        &self.corpus.entries()[i]
    }

    /// The other designations of the concepts `d` names, with their entries' best status.
    pub fn synonyms(&self, d: usize) -> Vec<usize> {
        let mut out: Vec<usize> = self.designations[d]
            .concepts
            .iter()
            .flat_map(|&c| self.concepts[c].iter().copied())
            .filter(|&o| o != d)
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The best status any entry gives designation `d` (preferred over admitted over the rest).
    pub fn status(&self, d: usize) -> Status {
        let rank = |s: Status| match s {
            Status::Preferred => 0,
            Status::Admitted => 1,
            Status::Superseded => 2,
            Status::Deprecated => 3,
        };
        self.designations[d]
            .entries
            .iter()
            .map(|&i| self.entry(i).status)
            .min_by_key(|s| rank(*s))
            .unwrap_or(Status::Admitted)
    }

    /// Registry designations in `text`: whole words, plural and case insensitive, longest first,
    /// not overlapping.
    pub fn find_terms(&self, text: &str) -> Vec<TermHit> {
        let Some(ac) = &self.matcher else {
            return Vec::new();
        };
        let words = self.words.words(text);
        let mut norm = String::with_capacity(text.len() + 2);
        norm.push(' ');
        let mut starts = Vec::with_capacity(words.len());
        self.words.push_norms(&words, &mut norm, &mut starts);
        // Positions in `norm` of word starts → word index.
        let word_at = |pos: usize| starts.binary_search(&pos).ok();
        let mut hits: Vec<(usize, usize, usize)> = Vec::new(); // (first word, last word, designation)
        for m in ac.find_overlapping_iter(&norm) {
            let (Some(first), Some(after)) = (
                word_at(m.start() + 1),
                word_at(m.end()).or((m.end() == norm.len()).then_some(words.len())),
            ) else {
                continue;
            };
            if after == 0 {
                continue;
            }
            hits.push((first, after - 1, m.pattern().as_usize()));
        }
        hits.sort_by_key(|&(a, b, _)| (a, std::cmp::Reverse(b)));
        let mut out = Vec::new();
        let mut next_free = 0;
        for (a, b, d) in hits {
            if a < next_free {
                continue;
            }
            // Words joined by punctuation other than a hyphen or space are separate phrases.
            let span = words[a].start..words[b].end;
            if text[span.clone()].contains(['.', ',', ';', ':', '(', ')']) {
                continue;
            }
            out.push(TermHit {
                range: span,
                designation: d,
            });
            next_free = b + 1;
        }
        out
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Abbreviation, Collection, Source};

    pub(crate) fn entry(
        id: &str,
        term: &str,
        definition: &str,
        status: Status,
        document: Option<&str>,
    ) -> Entry {
        Entry {
            id: id.into(),
            collection: Collection::Vocabulary,
            term: term.into(),
            definition: definition.into(),
            notes: vec![],
            abbreviation: None,
            status,
            kind: None,
            year: None,
            lang: "en".into(),
            source: Source {
                document: document.map(str::to_string),
                ..Source::default()
            },
            flags: vec![],
        }
    }

    pub(crate) fn registry() -> Registry {
        let entries = vec![
            entry(
                "metaverse--fgmv-20",
                "metaverse",
                "An integrative ecosystem of virtual worlds offering immersive experiences to users, that modify pre-existing and create new value from economic, environmental, social and cultural perspectives.",
                Status::Preferred,
                Some("FGMV-20"),
            ),
            entry(
                "virtual-world--x",
                "virtual world",
                "A computer-simulated environment.",
                Status::Admitted,
                Some("ITU-T X.1"),
            ),
            entry(
                "cyberspace-world--x",
                "cyber world",
                "A computer-simulated environment.",
                Status::Deprecated,
                Some("ITU-T X.1"),
            ),
            entry(
                "digital-twin--y4600",
                "Digital twin",
                "A digital representation of an object of interest.",
                Status::Admitted,
                Some("ITU-T Y.4600"),
            ),
        ];
        let abbreviations = vec![Abbreviation {
            abbreviation: "XR".into(),
            expansion: "extended reality".into(),
            source_document: Some("3GPP TR 26.928".into()),
            seen_at: None,
        }];
        Registry::new(Corpus::from_parts(entries, abbreviations).unwrap())
    }

    #[test]
    fn multi_word_terms_match_across_plural_and_case() {
        let r = registry();
        let text = "Users meet in Virtual Worlds and the Metaverse; digital twins too.";
        let found: Vec<&str> = r
            .find_terms(text)
            .iter()
            .map(|h| &text[h.range.clone()])
            .collect();
        assert_eq!(found, vec!["Virtual Worlds", "Metaverse", "digital twins"]);
    }

    #[test]
    fn a_term_is_not_matched_inside_a_longer_word_or_across_punctuation() {
        let r = registry();
        assert!(
            r.find_terms("metaverses-like virtualworld")
                .iter()
                .all(|h| h.range.start != 16)
        );
        assert!(r.find_terms("virtual. World").is_empty());
    }

    #[test]
    fn designations_with_one_definition_are_synonyms() {
        let r = registry();
        let vw = r.by_norm[&r.words().norm_phrase("virtual world")];
        let cw = r.by_norm[&r.words().norm_phrase("cyber world")];
        assert_eq!(r.synonyms(vw), vec![cw]);
        assert_eq!(r.status(cw), Status::Deprecated);
        assert_eq!(r.expansions("XR")[0].expansion, "extended reality");
    }
}
