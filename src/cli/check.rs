//! `mvterms check FILE... [--profile itu|iso] [--format human|json|sarif] [--fail-on error|warning|info]`
//!
//! Checks drafts against the drafting rules and the registry. `-` reads a draft from stdin. Exit
//! codes: 0 nothing at or above `--fail-on`; 1 findings at or above it, or some file could not be
//! checked while others were; 2 nothing could be checked (every file unreadable, bad flag, bad
//! configuration, bad corpus).

use crate::check::report::{self, Outcome};
use crate::check::{
    CheckOptions, Config, DraftInput, Format, Profile, Registry, Severity, check_draft,
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

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let registry = registry(args.corpus.as_deref())?;
    let fixed_config = args.config.as_deref().map(Config::load).transpose()?;
    let input_format = args.input_format.map(|f| match f {
        InputArg::Text => Format::Text,
        InputArg::Markdown => Format::Markdown,
        InputArg::Asciidoc => Format::Asciidoc,
        InputArg::Docx => Format::Docx,
    });
    let mut outcomes = Vec::new();
    for path in &args.files {
        let stdin = path.as_os_str() == "-";
        let name = if stdin {
            "<stdin>".to_string()
        } else {
            path.display().to_string()
        };
        let config = match &fixed_config {
            Some(c) => c.clone(),
            None => Config::for_draft(if stdin { Path::new("./-") } else { path })?,
        };
        let profile = match args.profile {
            Some(ProfileArg::Itu) => Profile::Itu,
            Some(ProfileArg::Iso) => Profile::Iso,
            None => config.profile.unwrap_or_default(),
        };
        let bytes = if stdin {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).map(|_| buf)
        } else {
            std::fs::read(path)
        };
        let outcome = match bytes {
            Err(e) => Outcome::Failed {
                path: name,
                message: format!("cannot read: {e}"),
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
                match check_draft(&input, &CheckOptions { profile, config }, &registry) {
                    Ok(r) => Outcome::Checked(r),
                    Err(e) => Outcome::Failed {
                        path: name,
                        message: e.to_string(),
                    },
                }
            }
        };
        outcomes.push(outcome);
    }
    let rendered = match args.format {
        OutputArg::Human => report::human::render(&outcomes),
        OutputArg::Json => format!("{:#}\n", report::json::run(&outcomes)),
        OutputArg::Sarif => format!("{:#}\n", report::sarif::render(&outcomes)),
    };
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(rendered.as_bytes());
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
