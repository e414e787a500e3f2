//! `mvterms index`

use super::registry_args::RegistryArgs;
use crate::analysis::Analyzer;
use crate::corpus::Corpus;
use crate::index::SearchIndex;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    registry: RegistryArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let started = std::time::Instant::now();
    let corpus = Corpus::load(&args.registry.corpus)?;
    let analyzer = Analyzer::new(&corpus);
    let index = SearchIndex::build(&corpus, &analyzer, &args.registry.index)?;
    super::emit(&format!(
        "indexed {} entries from {} into {} in {} ms\n",
        index.num_docs(),
        args.registry.corpus.display(),
        index.dir().display(),
        started.elapsed().as_millis()
    ))?;
    Ok(ExitCode::SUCCESS)
}
