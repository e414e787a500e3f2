//! The registry as a running service holds it: the loaded corpus, the text pipeline configured
//! from it, and the search index built from it. Opened once at start-up and shared read-only.

use crate::analysis::Analyzer;
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
        let (index, opened) = SearchIndex::open_or_build(&corpus, &analyzer, index_dir)?;
        Ok((
            Registry {
                corpus,
                analyzer,
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

    /// The search index.
    pub fn index(&self) -> &SearchIndex {
        &self.index
    }

    /// What search knows of the registry's terms and equivalences, built on first use.
    pub fn lexicon(&self) -> &Lexicon {
        self.lexicon
            .get_or_init(|| Lexicon::new(&self.corpus, &self.analyzer))
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        search(&self.index, &self.corpus, self.lexicon(), request)
    }
}
