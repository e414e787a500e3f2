//! `--corpus` and `--index`, shared by every command that opens the registry.

use crate::index::Opened;
use crate::registry::Registry;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct RegistryArgs {
    /// The corpus folder (metaverse/, vocabulary/, abbreviations.toml).
    #[arg(long, default_value = "corpus", value_name = "DIR")]
    pub corpus: PathBuf,
    /// The index folder; built or rebuilt there when missing or stale.
    #[arg(long, default_value = "index", value_name = "DIR")]
    pub index: PathBuf,
}

impl RegistryArgs {
    /// Loads the corpus and builds its analyzer and concepts: what the commands that do not
    /// search need (no index).
    pub fn load_concepts(
        &self,
    ) -> crate::Result<(
        crate::corpus::Corpus,
        crate::analysis::Analyzer,
        crate::concepts::Concepts,
    )> {
        let corpus = crate::corpus::Corpus::load(&self.corpus)?;
        let analyzer = crate::analysis::Analyzer::new(&corpus);
        let concepts = crate::concepts::Concepts::build(&corpus, &analyzer);
        Ok((corpus, analyzer, concepts))
    }

    /// Opens the registry, saying on stderr when the index had to be (re)built.
    pub fn open(&self) -> crate::Result<Registry> {
        let started = std::time::Instant::now();
        let (registry, opened) = Registry::open(&self.corpus, &self.index)?;
        let what = match opened {
            Opened::Reused => None,
            Opened::Built => Some("built".to_string()),
            Opened::Rebuilt => Some("rebuilt (the corpus changed)".to_string()),
            Opened::Repaired(why) => Some(format!("rebuilt (the one on disk was damaged: {why})")),
        };
        if let Some(what) = what {
            eprintln!(
                "mvterms: index {what}: {} entries from {} in {} ms",
                registry.corpus().entries().len(),
                self.corpus.display(),
                started.elapsed().as_millis()
            );
        }
        Ok(registry)
    }
}
