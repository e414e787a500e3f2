//! `mvterms export`

use super::registry_args::RegistryArgs;
use crate::exchange::{DEFAULT_BASE, ExportOptions, Format, export};
use crate::model::Collection;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// tbx (TBX-Basic, ISO 30042), skos (Turtle), skos-jsonld, jsonld (Schema.org DefinedTermSet) or csv.
    #[arg(long, value_parser = |s: &str| s.parse::<Format>())]
    format: Format,
    /// Only the concepts and definitions of this collection (metaverse, vocabulary).
    #[arg(long)]
    collection: Option<Collection>,
    /// Write to this file (replaced whole when the export is complete) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Base of the concept and definition IRIs in the RDF formats.
    #[arg(long, default_value = DEFAULT_BASE, value_name = "IRI")]
    base: String,
    #[command(flatten)]
    registry: RegistryArgs,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (corpus, _, concepts) = args.registry.load_concepts()?;
    let options = ExportOptions {
        format: args.format,
        collection: args.collection,
        base: args.base,
    };
    match &args.out {
        None => {
            let stdout = std::io::stdout().lock();
            match export(&corpus, &concepts, &options, stdout) {
                Err(crate::Error::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other?,
            }
        }
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            let mut file = tempfile::NamedTempFile::new_in(dir)
                .map_err(|e| crate::Error::io("create a file in", dir, e))?;
            export(&corpus, &concepts, &options, file.as_file_mut())?;
            file.as_file_mut()
                .flush()
                .map_err(|e| crate::Error::io("write", path, e))?;
            // A temporary file is private (0600); an export is an ordinary file.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ =
                    std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o644));
            }
            file.persist(path)
                .map_err(|e| crate::Error::io("write", path, e.error))?;
            eprintln!(
                "mvterms: {} concepts written to {} ({})",
                concepts.len(),
                path.display(),
                options.format.as_str()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
