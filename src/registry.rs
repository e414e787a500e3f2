//! The registry as a running service holds it: the loaded corpus, the text pipeline configured
//! from it, and the search index built from it. Opened once at start-up and shared read-only.

use crate::analysis::Analyzer;
use crate::corpus::Corpus;
use crate::error::Result;
use crate::index::{Opened, SearchIndex};
use crate::search::{SearchRequest, SearchResults, search};
use std::path::Path;

/// The corpus with everything derived from it.
#[derive(Clone)]
pub struct Registry {
    corpus: Corpus,
    analyzer: Analyzer,
    index: SearchIndex,
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

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResults> {
        search(&self.index, &self.corpus, request)
    }
}
