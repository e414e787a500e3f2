//! What the check reads of the registry: the corpus, its one text pipeline and its concepts
//! (designations with their statuses and sources, abbreviations, the matcher over every
//! normalized designation), borrowed from the running [`crate::registry::Registry`] — or, for
//! the CLI, from the corpus loaded for the run. Nothing here is built per draft.

use super::words::Words;
use crate::analysis::Analyzer;
use crate::concepts::lookup::is_short;
use crate::concepts::{Concept, Concepts, Designation, Expansion};
use crate::corpus::Corpus;
use crate::model::Entry;
use std::ops::Range;

/// [`RegistryView::find_terms`]'s buffers: the normalized text, where its words start, the
/// matches as (first word, last word, pattern).
#[derive(Default)]
struct Scratch {
    norm: String,
    starts: Vec<usize>,
    hits: Vec<(usize, usize, usize)>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// The registry as the check reads it. Cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct RegistryView<'a> {
    corpus: &'a Corpus,
    analyzer: &'a Analyzer,
    concepts: &'a Concepts,
}

/// A registry designation found in a draft's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermHit {
    /// Byte range in the text.
    pub range: Range<usize>,
    /// The designations it is, as (concept, designation) in [`Concepts::all`]: those written
    /// exactly so when there are any ([`TermHit::exact`]), else every term or variant with its
    /// normalized form. Abbreviations and symbols count only as written.
    pub candidates: Vec<(usize, usize)>,
    /// Whether the text writes a designation exactly (its case, hyphens and spaces; a plural
    /// or a capital at the start of a sentence allowed). Only then can the check tell two
    /// spelling variants of one concept apart, since normalized forms fold case.
    pub exact: bool,
}

impl<'a> From<&'a crate::registry::Registry> for RegistryView<'a> {
    fn from(r: &'a crate::registry::Registry) -> Self {
        RegistryView::new(r.corpus(), r.analyzer(), r.concepts())
    }
}

/// True when `surface` writes `designation` exactly: the same characters, or with a plural
/// ending, or with only its first letter capitalized (a sentence start).
pub fn writes_exactly(surface: &str, designation: &str) -> bool {
    let same = |s: &str| {
        s == designation || {
            let mut a = s.chars();
            let mut b = designation.chars();
            match (a.next(), b.next()) {
                (Some(x), Some(y)) => {
                    x.is_uppercase()
                        && y.is_lowercase()
                        && x.to_lowercase().eq(y.to_lowercase())
                        && a.as_str() == b.as_str()
                }
                _ => false,
            }
        }
    };
    same(surface)
        || surface
            .strip_suffix("es")
            .is_some_and(|s| s == designation && designation.ends_with(['s', 'x', 'h']))
        || surface.strip_suffix('s').is_some_and(same)
}

impl<'a> RegistryView<'a> {
    /// The view over a corpus, the analyzer built from it and the concepts built with that
    /// analyzer.
    pub fn new(corpus: &'a Corpus, analyzer: &'a Analyzer, concepts: &'a Concepts) -> Self {
        RegistryView {
            corpus,
            analyzer,
            concepts,
        }
    }

    /// A registry with no entries: only the draft-only rules find anything.
    pub fn empty() -> RegistryView<'static> {
        static EMPTY: std::sync::OnceLock<(Corpus, Analyzer, Concepts)> =
            std::sync::OnceLock::new();
        let (corpus, analyzer, concepts) = EMPTY.get_or_init(|| {
            let corpus = match Corpus::from_parts(Vec::new(), Vec::new()) {
                Ok(c) => c,
                Err(_) => unreachable!("an empty corpus is always valid"),
            };
            let analyzer = Analyzer::new(&corpus);
            let concepts = Concepts::build(&corpus, &analyzer);
            (corpus, analyzer, concepts)
        });
        RegistryView::new(corpus, analyzer, concepts)
    }

    /// The corpus.
    pub fn corpus(&self) -> &'a Corpus {
        self.corpus
    }

    /// The text pipeline.
    pub fn analyzer(&self) -> &'a Analyzer {
        self.analyzer
    }

    /// The concepts.
    pub fn concepts(&self) -> &'a Concepts {
        self.concepts
    }

    /// Entry at a position of the corpus.
    pub fn entry(&self, i: usize) -> &'a Entry {
        &self.corpus.entries()[i]
    }

    /// A concept by index.
    pub fn concept(&self, c: usize) -> &'a Concept {
        &self.concepts.all()[c]
    }

    /// A designation by (concept, designation).
    pub fn designation(&self, (c, d): (usize, usize)) -> &'a Designation {
        &self.concepts.all()[c].designations[d]
    }

    /// Every term and variant designation some entry defines, as written (not abbreviations or
    /// symbols, nor designations only the coordinator or the abbreviation list gives).
    pub fn designations(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.concepts
            .all()
            .iter()
            .flat_map(|c| c.designations.iter())
            .filter(|d| !is_short(d.kind) && !d.entries.is_empty())
            .map(|d| d.text.as_str())
    }

    /// The entries (positions, ascending) whose term has the normalized form `norm`.
    pub fn entries_named(&self, norm: &str) -> Vec<usize> {
        let mut out: Vec<usize> = self
            .concepts
            .by_norm(norm)
            .iter()
            .map(|&cd| self.designation(cd))
            .filter(|d| !is_short(d.kind))
            .flat_map(|d| d.entries.iter().copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The long forms the registry gives for `short` (as written).
    pub fn expansions(&self, short: &str) -> Vec<Expansion<'a>> {
        self.concepts.expansions(short)
    }

    /// Registry designations in `text`: whole words, plural and case insensitive for terms
    /// (abbreviations and symbols only as written), longest first, not overlapping.
    pub fn find_terms(&self, words: &Words, text: &str) -> Vec<TermHit> {
        let Some(ac) = self.concepts.matcher() else {
            return Vec::new();
        };
        let found = words.words(text);
        // The scratch buffers are the thread's, reused from one text to the next (a draft has
        // thousands of paragraphs; allocating them anew for each was a tenth of this).
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            let Scratch { norm, starts, hits } = &mut *scratch;
            norm.clear();
            starts.clear();
            hits.clear();
            norm.reserve(text.len() + 2);
            norm.push(' ');
            words.push_norms(&found, norm, starts);
            // Positions in `norm` of word starts → word index.
            let word_at = |pos: usize| starts.binary_search(&pos).ok();
            // (first word, last word, pattern)
            for m in ac.find_overlapping_iter(norm.as_str()) {
                let (Some(first), Some(after)) = (
                    word_at(m.start() + 1),
                    word_at(m.end()).or((m.end() == norm.len()).then_some(found.len())),
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
            for &(a, b, p) in hits.iter() {
                if a < next_free {
                    continue;
                }
                // Words joined by punctuation other than a hyphen or space are separate phrases.
                let span = found[a].start..found[b].end;
                let surface = &text[span.clone()];
                if surface.contains(['.', ',', ';', ':', '(', ')']) {
                    continue;
                }
                let Some(hit) = self.resolve(surface, self.concepts.pattern_norm(p), span) else {
                    continue;
                };
                out.push(hit);
                next_free = b + 1;
            }
            out
        })
    }

    /// The designations `surface` (of normalized form `norm`) is, or `None` when it is only a
    /// short form written otherwise ("ar" is not `AR`).
    fn resolve(&self, surface: &str, norm: &str, range: Range<usize>) -> Option<TermHit> {
        let all: Vec<(usize, usize)> = self
            .concepts
            .by_norm(norm)
            .iter()
            .copied()
            .filter(|&cd| {
                let d = self.designation(cd);
                !is_short(d.kind) || surface == d.text || surface.strip_suffix('s') == Some(&d.text)
            })
            .collect();
        if all.is_empty() {
            return None;
        }
        let exact: Vec<(usize, usize)> = all
            .iter()
            .copied()
            .filter(|&cd| writes_exactly(surface, &self.designation(cd).text))
            .collect();
        let (candidates, exact) = if exact.is_empty() {
            (all, false)
        } else {
            (exact, true)
        };
        Some(TermHit {
            range,
            candidates,
            exact,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::{Abbreviation, Collection, Source, Status};

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

    /// A corpus, its analyzer and its concepts, owned (what the CLI loads).
    pub(crate) struct Owned {
        pub corpus: Corpus,
        pub analyzer: Analyzer,
        pub concepts: Concepts,
    }

    impl Owned {
        pub(crate) fn of(corpus: Corpus) -> Owned {
            let analyzer = Analyzer::new(&corpus);
            let concepts = Concepts::build(&corpus, &analyzer);
            Owned {
                corpus,
                analyzer,
                concepts,
            }
        }

        pub(crate) fn view(&self) -> RegistryView<'_> {
            RegistryView::new(&self.corpus, &self.analyzer, &self.concepts)
        }
    }

    pub(crate) fn small() -> Owned {
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
        Owned::of(Corpus::from_parts(entries, abbreviations).unwrap())
    }

    fn found<'t>(r: &RegistryView, text: &'t str) -> Vec<&'t str> {
        r.find_terms(&Words::new(r.analyzer().clone()), text)
            .iter()
            .map(|h| &text[h.range.clone()])
            .collect()
    }

    #[test]
    fn multi_word_terms_match_across_plural_and_case() {
        let o = small();
        let text = "Users meet in Virtual Worlds and the Metaverse; digital twins too.";
        assert_eq!(
            found(&o.view(), text),
            vec!["Virtual Worlds", "Metaverse", "digital twins"]
        );
    }

    #[test]
    fn a_term_is_not_matched_inside_a_longer_word_or_across_punctuation() {
        let o = small();
        let r = o.view();
        let w = Words::new(r.analyzer().clone());
        assert!(
            r.find_terms(&w, "metaverses-like virtualworld")
                .iter()
                .all(|h| h.range.start != 16)
        );
        assert!(r.find_terms(&w, "virtual. World").is_empty());
    }

    #[test]
    fn abbreviations_match_only_as_written() {
        let o = small();
        let r = o.view();
        assert_eq!(found(&r, "XR, not xr or Xr."), vec!["XR"]);
        assert_eq!(found(&r, "Extended Reality"), vec!["Extended Reality"]);
        let long = &r.expansions("XR")[0];
        assert_eq!(
            (long.text, long.source),
            ("extended reality", Some("3GPP TR 26.928"))
        );
        assert!(r.expansions("xr").is_empty());
    }

    #[test]
    fn exact_writing_allows_a_plural_and_a_sentence_start_only() {
        assert!(writes_exactly("Citiverse", "Citiverse"));
        assert!(writes_exactly("Citiverses", "Citiverse"));
        assert!(!writes_exactly("CitiVerse", "Citiverse"));
        assert!(writes_exactly("Real-time", "real-time"));
        assert!(!writes_exactly("real time", "real-time"));
        assert!(writes_exactly("boxes", "box"));
        assert!(!writes_exactly("citiverse", "Citiverse"));
    }

    #[test]
    fn entries_named_are_those_whose_term_has_the_form() {
        let o = small();
        let r = o.view();
        let norm = crate::concepts::grouping::norm(r.analyzer(), "Virtual Worlds");
        let named: Vec<&str> = r
            .entries_named(&norm)
            .into_iter()
            .map(|p| r.entry(p).id.as_str())
            .collect();
        assert_eq!(named, vec!["virtual-world--x"]);
    }
}
