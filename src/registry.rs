//! The registry as a running service holds it: the loaded corpus, the text pipeline configured
//! from it, the concepts computed with that pipeline, and the search index built from it. Opened
//! once at start-up and shared read-only.

use crate::analysis::Analyzer;
use crate::cancel::Cancel;
use crate::concepts::Concepts;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::index::{Opened, SearchIndex};
use crate::search::{Lexicon, SearchRequest, SearchResults, search};
use std::path::Path;
use std::sync::{Arc, OnceLock};

/// The corpus with everything derived from it.
#[derive(Clone)]
pub struct Registry {
    corpus: Corpus,
    analyzer: Analyzer,
    /// The concept layer, built once with [`Registry::analyzer`].
    concepts: Arc<Concepts>,
    index: SearchIndex,
    /// Built on first use: the registry's terms, equivalences and series (see [`Lexicon`]).
    lexicon: Arc<OnceLock<Lexicon>>,
}

impl Registry {
    /// Loads the corpus under `corpus_dir` (refusing a corpus that does not load whole) and opens
    /// the index under `index_dir`, building it if it is missing or stale.
    pub fn open(corpus_dir: &Path, index_dir: &Path) -> Result<(Registry, Opened)> {
        let corpus = Corpus::load(corpus_dir)?;
        Registry::from_corpus(corpus, index_dir)
    }

    /// Like [`Registry::open`], for a corpus already in memory.
    pub fn from_corpus(corpus: Corpus, index_dir: &Path) -> Result<(Registry, Opened)> {
        let analyzer = Analyzer::new(&corpus);
        let concepts = Arc::new(Concepts::build(&corpus, &analyzer));
        let (index, opened) = SearchIndex::open_or_build(&corpus, &analyzer, index_dir)?;
        Ok((
            Registry {
                corpus,
                analyzer,
                concepts,
                index,
                lexicon: Arc::new(OnceLock::new()),
            },
            opened,
        ))
    }

    /// The corpus.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The text pipeline configured with the corpus's abbreviations.
    pub fn analyzer(&self) -> &Analyzer {
        &self.analyzer
    }

    /// The concepts: designations with their statuses, definitions, relations.
    pub fn concepts(&self) -> &Concepts {
        &self.concepts
    }

    /// The search index.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// What search knows of the registry's terms and equivalences, built on first use.
    pub fn lexicon(&self) -> &Lexicon {
        self.lexicon
            .get_or_init(|| Lexicon::new(&self.corpus, &self.analyzer))
    }

    /// Runs a search; each hit names the concept its entry defines. It stops with
    /// [`crate::error::Error::Cancelled`] once `cancel` is cancelled.
    pub fn search(&self, request: &SearchRequest, cancel: &Cancel) -> Result<SearchResults> {
        let mut results = search(&self.index, &self.corpus, self.lexicon(), request, cancel)?;
        for hit in &mut results.hits {
            hit.concept = self.concept_of(&hit.id).map(|c| c.id.clone());
        }
        for group in results.groups.iter_mut().flatten() {
            for id in &group.ids {
                if let Some(concept) = self.concept_of(id)
                    && !group.concepts.contains(&concept.id)
                {
                    group.concepts.push(concept.id.clone());
                }
            }
        }
        Ok(results)
    }

    /// The concept the entry with this id defines.
    pub fn concept_of(&self, entry_id: &str) -> Option<&crate::concepts::Concept> {
        self.corpus
            .position(entry_id)
            .and_then(|p| self.concepts.of_entry(p))
    }
}
