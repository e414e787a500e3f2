//! `mvterms check FILE... [--profile itu|iso] [--format human|json|sarif] [--fail-on error|warning|info]`
//!
//! Checks drafts against the drafting rules and the registry. `-` reads a draft from stdin. Exit
//! codes: 0 nothing at or above `--fail-on`; 1 findings at or above it; 2 some file could not be
//! checked (unreadable, a pattern that matched no file — each said on stderr; the others are still
//! checked), bad flag, bad configuration, bad corpus.

use crate::analysis::Analyzer;
use crate::check::draft::Draft;
use crate::check::format::include::SourceMap;
use crate::check::report::{self, Outcome, RegistryUse};
use crate::check::{
    CheckOptions, Config, DraftInput, Format, Profile, RegistryView, Severity, check_parsed,
    parse_draft,
};
use crate::concepts::Concepts;
use crate::corpus::Corpus;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "A draft may silence a finding for a deliberate exception with a comment \
`mvterms-allow: RULE[, RULE] -- reason` (`// …` in text and AsciiDoc, `<!-- … -->` in Markdown, a \
Word comment in .docx); it applies to the next paragraph. Rules are configured in mvterms.toml next \
to the draft (or --config): [rules] term-plural = \"off\", entry-order = \"warning\"."
)]
pub struct Args {
    /// Drafts to check (.txt .md .adoc .docx); `-` reads stdin.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Drafting rules: ITU-T Author's guide or ISO/IEC Directives Part 2 [default: itu, or the
    /// config file's profile].
    #[arg(long, value_enum)]
    profile: Option<ProfileArg>,
    /// Output format.
    #[arg(long, value_enum, default_value = "human")]
    format: OutputArg,
    /// Lowest severity that makes the check fail (exit 1).
    #[arg(long, value_enum, default_value = "error")]
    fail_on: SeverityArg,
    /// Configuration file (instead of the nearest mvterms.toml next to each draft).
    #[arg(long)]
    config: Option<PathBuf>,
    /// The draft format, when the file name does not tell (by default it is read from the
    /// content, stdin too).
    #[arg(long, value_enum)]
    input_format: Option<InputArg>,
    /// The corpus folder (the registry the draft is checked against) [default: $MVTERMS_CORPUS,
    /// else `corpus` in mvterms.toml, else the corpus of the build].
    #[arg(long)]
    corpus: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ProfileArg {
    Itu,
    Iso,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum OutputArg {
    Human,
    Json,
    Sarif,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SeverityArg {
    Error,
    Warning,
    Info,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum InputArg {
    Text,
    Markdown,
    Asciidoc,
    Docx,
}

/// Environment variable naming the corpus folder, for runs outside the repository (CI jobs).
pub const CORPUS_ENV: &str = "MVTERMS_CORPUS";

/// Where the registry comes from, found the same way wherever the check runs: `--corpus`, then
/// `MVTERMS_CORPUS`, then `corpus` in the configuration file (relative to it), then the corpus of
/// the build (`corpus/` of the source tree the binary was built from), then `./corpus`. A folder
/// named by the user must load; when none is found the draft-only rules still run and every
/// output format says that the registry rules did not.
fn find_corpus(
    corpus: Option<&Path>,
    config: Option<&Config>,
) -> Result<(PathBuf, String), String> {
    if let Some(dir) = corpus {
        return Ok((dir.to_path_buf(), "--corpus".into()));
    }
    if let Some(dir) = std::env::var_os(CORPUS_ENV).filter(|v| !v.is_empty()) {
        return Ok((PathBuf::from(dir), CORPUS_ENV.into()));
    }
    if let Some(dir) = config.and_then(|c| c.corpus.clone()) {
        return Ok((dir, "the configuration file".into()));
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    if built.is_dir() {
        return Ok((built, "the installed default".into()));
    }
    if Path::new("corpus").is_dir() {
        return Ok((PathBuf::from("corpus"), "./corpus".into()));
    }
    Err(format!(
        "no corpus found (no --corpus, no {CORPUS_ENV}, no `corpus` in mvterms.toml, and {} is gone)",
        built.display()
    ))
}

/// What the check reads of the registry, loaded for the run: the corpus, its one analyzer and
/// the concepts built with it (no search index: the check does not search).
struct CheckedAgainst {
    corpus: Corpus,
    analyzer: Analyzer,
    concepts: Concepts,
}

impl CheckedAgainst {
    fn of(corpus: Corpus) -> CheckedAgainst {
        let analyzer = Analyzer::new(&corpus);
        let concepts = Concepts::build(&corpus, &analyzer);
        // While the first draft is being read (see `run`).
        concepts.warm_up();
        CheckedAgainst {
            corpus,
            analyzer,
            concepts,
        }
    }

    fn view(&self) -> RegistryView<'_> {
        RegistryView::new(&self.corpus, &self.analyzer, &self.concepts)
    }
}

/// The registry (none when no corpus was found) and how it was found.
fn registry(
    corpus: Option<&Path>,
    config: Option<&Config>,
) -> anyhow::Result<(Option<CheckedAgainst>, RegistryUse)> {
    match find_corpus(corpus, config) {
        Ok((dir, how)) => {
            let registry = Some(CheckedAgainst::of(Corpus::load(&dir)?));
            Ok((
                registry,
                RegistryUse {
                    corpus: Some(format!("{} (from {how})", dir.display())),
                    rules_run: true,
                    reason: None,
                },
            ))
        }
        Err(reason) => {
            let used = RegistryUse {
                corpus: None,
                rules_run: false,
                reason: Some(reason),
            };
            if let Some(note) = used.note() {
                eprintln!("mvterms: {note}");
            }
            Ok((None, used))
        }
    }
}

/// One draft read and parsed, or why it could not be. Parsing needs neither the registry nor the
/// configuration.
struct Loaded {
    name: String,
    bytes: Vec<u8>,
    format: Option<Format>,
    draft: Result<Draft, String>,
    /// Where the lines come from, when `include::` lines were followed.
    sources: Option<SourceMap>,
}

fn load(path: &Path, input_format: Option<Format>) -> Loaded {
    let stdin = path.as_os_str() == "-";
    let name = if stdin {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = if stdin {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    match bytes {
        Err(e) => {
            let pattern = path.to_string_lossy();
            let reason = if e.kind() == std::io::ErrorKind::NotFound
                && pattern.contains(['*', '?', '['])
            {
                format!("no file matches the pattern {pattern} (the shell passed it on unexpanded)")
            } else {
                format!("cannot read: {e}")
            };
            Loaded {
                name,
                bytes: Vec::new(),
                format: None,
                draft: Err(reason),
                sources: None,
            }
        }
        Ok(bytes) => {
            // A Metanorma document is checked as published: its `include::` lines are followed.
            let is_adoc = input_format == Some(Format::Asciidoc)
                || input_format.is_none()
                    && path
                        .extension()
                        .and_then(|e| e.to_str())
                        .and_then(Format::from_extension)
                        == Some(Format::Asciidoc);
            let mut sources = None;
            let bytes = if is_adoc && !stdin {
                match crate::check::format::include::expand(path, &bytes) {
                    Ok(expanded) => {
                        for problem in &expanded.problems {
                            eprintln!("mvterms: {problem}");
                        }
                        sources = Some(expanded.sources).filter(SourceMap::has_includes);
                        expanded.text.into_bytes()
                    }
                    Err(_) => bytes,
                }
            } else {
                bytes
            };
            // Without --input-format the content tells (stdin has no extension): Markdown piped
            // in is read as Markdown.
            let format = input_format;
            let input = DraftInput {
                name: name.clone(),
                bytes: &bytes,
                format,
            };
            let start = std::time::Instant::now();
            let draft = parse_draft(&input).map_err(|e| e.to_string());
            if std::env::var_os("MVTERMS_TIMING").is_some() {
                eprintln!("parse: {:?}", start.elapsed());
            }
            Loaded {
                name,
                bytes,
                format,
                draft,
                sources,
            }
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let input_format = args.input_format.map(|f| match f {
        InputArg::Text => Format::Text,
        InputArg::Markdown => Format::Markdown,
        InputArg::Asciidoc => Format::Asciidoc,
        InputArg::Docx => Format::Docx,
    });
    // The registry (corpus files, matchers) is built on a second thread while the first draft is
    // read and parsed: neither needs the other. Errors are still reported in the old order
    // (registry, then configuration, then each draft).
    let fixed_config = args.config.as_deref().map(Config::load).transpose()?;
    // The registry is one for the run: a `corpus` in the configuration of the first draft counts.
    let registry_config = match &fixed_config {
        Some(c) => Some(c.clone()),
        None => args
            .files
            .first()
            .filter(|p| p.as_os_str() != "-")
            .map(|p| Config::for_draft(p))
            .transpose()?,
    };
    let (registry, mut first) = std::thread::scope(|scope| {
        let building = scope.spawn(|| {
            let start = std::time::Instant::now();
            let r = registry(args.corpus.as_deref(), registry_config.as_ref());
            if std::env::var_os("MVTERMS_TIMING").is_some() {
                eprintln!("registry: {:?}", start.elapsed());
            }
            r
        });
        let first = args.files.first().map(|p| load(p, input_format));
        match building.join() {
            Ok(registry) => (registry, first),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    let (registry, registry_use) = registry?;
    let view = match &registry {
        Some(r) => r.view(),
        None => RegistryView::empty(),
    };
    let mut outcomes = Vec::new();
    for path in &args.files {
        let stdin = path.as_os_str() == "-";
        let config = match &fixed_config {
            Some(c) => c.clone(),
            None => Config::for_draft(if stdin { Path::new("./-") } else { path })?,
        };
        let profile = match args.profile {
            Some(ProfileArg::Itu) => Profile::Itu,
            Some(ProfileArg::Iso) => Profile::Iso,
            None => config.profile.unwrap_or_default(),
        };
        let loaded = match first.take() {
            Some(l) => l,
            None => load(path, input_format),
        };
        let outcome = match loaded.draft {
            Err(message) => Outcome::Failed {
                path: loaded.name,
                message,
            },
            Ok(draft) => {
                let input = DraftInput {
                    name: loaded.name,
                    bytes: &loaded.bytes,
                    format: loaded.format,
                };
                let mut report =
                    check_parsed(&input, &draft, &CheckOptions { profile, config }, view);
                if let Some(sources) = &loaded.sources {
                    report.relocate(sources);
                }
                // Freeing a draft's model (hundreds of thousands of small pieces for a large
                // draft) was a twentieth of a check; a helper thread does it while the next draft
                // is checked, and at the end the process exits without waiting for it.
                std::thread::spawn(move || drop(draft));
                Outcome::Checked(report)
            }
        };
        outcomes.push(outcome);
    }
    let rendered = match args.format {
        OutputArg::Human => report::human::render_with(&outcomes, Some(&registry_use)).into_bytes(),
        OutputArg::Json => {
            let mut buf = Vec::new();
            report::json::write_run_with(&outcomes, Some(&registry_use), &mut buf)?;
            buf
        }
        OutputArg::Sarif => format!(
            "{:#}\n",
            report::sarif::render_with(&outcomes, Some(&registry_use))
        )
        .into_bytes(),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&rendered);
    let _ = out.flush();
    let fail_on = match args.fail_on {
        SeverityArg::Error => Severity::Error,
        SeverityArg::Warning => Severity::Warning,
        SeverityArg::Info => Severity::Info,
    };
    // A file that could not be checked is an error of the run, said on stderr whatever the output
    // format (a CI log shows it even when stdout goes to a SARIF file), and exits 2; the other
    // files are still checked and reported.
    let mut failed = 0;
    for o in &outcomes {
        if let Outcome::Failed { path, message } = o {
            eprintln!("mvterms: {path}: {message}");
            failed += 1;
        }
    }
    let code = if failed > 0 {
        2
    } else if report::total(&outcomes).at_or_above(fail_on) > 0 {
        1
    } else {
        0
    };
    Ok(ExitCode::from(code))
}
