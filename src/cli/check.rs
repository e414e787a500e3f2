//! `mvterms check FILE... [--profile itu|iso] [--format human|json|sarif] [--fail-on error|warning|info]`
//!
//! Checks drafts against the drafting rules and the registry. `-` reads a draft from stdin. Exit
//! codes: 0 nothing at or above `--fail-on`; 1 findings at or above it, or some file could not be
//! checked while others were; 2 nothing could be checked (every file unreadable, bad flag, bad
//! configuration, bad corpus).

use crate::check::draft::Draft;
use crate::check::report::{self, Outcome};
use crate::check::{
    CheckOptions, Config, DraftInput, Format, Profile, Registry, Severity, check_parsed,
    parse_draft,
};
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
    /// The draft format, when the file name does not tell (stdin is read as text by default).
    #[arg(long, value_enum)]
    input_format: Option<InputArg>,
    /// The corpus folder (the registry the draft is checked against).
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

/// The registry: the corpus given with --corpus (must load), else `corpus/` when present, else an
/// empty registry with a note on stderr (the draft-only rules still run).
fn registry(corpus: Option<&Path>) -> anyhow::Result<Registry> {
    match corpus {
        Some(dir) => Ok(Registry::new(Corpus::load(dir)?)),
        None if Path::new("corpus").is_dir() => {
            Ok(Registry::new(Corpus::load(Path::new("corpus"))?))
        }
        None => {
            eprintln!(
                "mvterms: no corpus/ folder here; registry rules (redefinition, deprecated-term, …) are skipped — pass --corpus DIR"
            );
            Ok(Registry::empty())
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
        Err(e) => Loaded {
            name,
            bytes: Vec::new(),
            format: None,
            draft: Err(format!("cannot read: {e}")),
        },
        Ok(bytes) => {
            let format = input_format.or(stdin
                .then_some(Format::Text)
                .filter(|_| !bytes.starts_with(b"PK")));
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
    let (registry, mut first) = std::thread::scope(|scope| {
        let building = scope.spawn(|| {
            let start = std::time::Instant::now();
            let r = registry(args.corpus.as_deref());
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
    let registry = registry?;
    let fixed_config = args.config.as_deref().map(Config::load).transpose()?;
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
                let report =
                    check_parsed(&input, &draft, &CheckOptions { profile, config }, &registry);
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
        OutputArg::Human => report::human::render(&outcomes).into_bytes(),
        OutputArg::Json => {
            let mut buf = Vec::new();
            report::json::write_run(&outcomes, &mut buf)?;
            buf
        }
        OutputArg::Sarif => format!("{:#}\n", report::sarif::render(&outcomes)).into_bytes(),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(&rendered);
    let _ = out.flush();
    let fail_on = match args.fail_on {
        SeverityArg::Error => Severity::Error,
        SeverityArg::Warning => Severity::Warning,
        SeverityArg::Info => Severity::Info,
    };
    let failed = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Failed { .. }))
        .count();
    let code = if failed == outcomes.len() {
        2
    } else if failed > 0 || report::total(&outcomes).at_or_above(fail_on) > 0 {
        1
    } else {
        0
    };
    Ok(ExitCode::from(code))
}
