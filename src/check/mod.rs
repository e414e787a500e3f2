//! The vocabulary consistency check of drafts (issue 4): reads a draft in any supported format into
//! one document model and applies the drafting rules of `docs/principles.md` against the draft
//! itself and against the registry. Synchronous and framework-free: the CLI and the API call
//! [`check_draft`] with a [`RegistryView`] of the registry built once (its corpus, analyzer and
//! concepts).
//!
//! # Layout
//!
//! - [`format`]: readers for plain text, Markdown, Metanorma AsciiDoc and Word .docx.
//! - [`draft`]: the document model (sections, clause 3 entries, clause 4, references, text).
//! - [`rules`]: the rules, by part of the principles, and their [`rules::catalog`].
//! - [`registry_view`]: what the check reads of the registry: corpus, analyzer, concepts (their
//!   designations, statuses and abbreviations, and the matcher over them).
//! - [`bounds`]: the most a draft may hold (word, paragraph, term, paragraphs, definitions),
//!   checked once it is read.
//! - [`config`]: `mvterms.toml` (per-rule severity or off); inline suppressions live in the draft.
//! - [`finding`]: findings, severities, profiles.
//! - [`report`]: human, JSON and SARIF renderings.

mod automaton;
pub mod bounds;
pub mod config;
pub mod draft;
pub mod finding;
pub mod format;
pub mod registry_view;
pub mod report;
pub mod rules;
mod similarity;
pub mod words;

pub use config::Config;
pub use finding::{Finding, Profile, Severity};
pub use format::Format;
pub use registry_view::RegistryView;
pub use report::{FileReport, Summary};

use crate::cancel::Cancel;
use crate::error::Result;
use draft::Draft;
use rules::catalog::rule;

/// A draft to check.
#[derive(Debug, Clone)]
pub struct DraftInput<'a> {
    /// How the draft is named in findings (a path, `<stdin>`, `<request body>`).
    pub name: String,
    /// Its bytes.
    pub bytes: &'a [u8],
    /// The format, when the caller knows it; otherwise from the name's extension or the content.
    pub format: Option<Format>,
}

/// How to check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The profile of drafting rules.
    pub profile: Profile,
    /// Per-rule settings.
    pub config: Config,
}

impl DraftInput<'_> {
    /// The format to read the draft with.
    pub fn resolved_format(&self) -> Format {
        self.format
            .or_else(|| {
                std::path::Path::new(&self.name)
                    .extension()
                    .and_then(|e| e.to_str())
                    .and_then(Format::from_extension)
            })
            .unwrap_or_else(|| Format::sniff(self.bytes))
    }
}

/// Reads and parses a draft without checking it; a draft over one of the [`bounds`] is
/// [`crate::Error::DraftTooComplex`].
pub fn parse_draft(input: &DraftInput) -> Result<Draft> {
    let read = format::read(input.bytes, input.resolved_format(), &input.name)?;
    bounds::check_read(&read, &input.name)?;
    let draft = draft::build(read);
    if std::env::var_os("MVTERMS_TIMING").is_some() {
        eprintln!("size: {:?}", bounds::measure(&draft));
    }
    bounds::check(&draft, &input.name)?;
    Ok(draft)
}

/// Checks one draft. Fails only when the draft cannot be read at all ([`crate::Error::Unreadable`])
/// or is over one of the [`bounds`] ([`crate::Error::DraftTooComplex`]);
/// a draft without clause 3 is a finding, not an error. Never stopped early: for the CLI and
/// tests; work done for a request uses [`check_draft_with`].
pub fn check_draft(
    input: &DraftInput,
    options: &CheckOptions,
    registry: RegistryView<'_>,
) -> Result<FileReport> {
    check_draft_with(input, options, registry, &Cancel::never())
}

/// [`check_draft`] that stops with [`crate::Error::Cancelled`] soon after `cancel` is cancelled
/// (its request timed out or its client went away): the reading, each rule and the rules' long
/// loops ask it.
pub fn check_draft_with(
    input: &DraftInput,
    options: &CheckOptions,
    registry: RegistryView<'_>,
    cancel: &Cancel,
) -> Result<FileReport> {
    let start = std::time::Instant::now();
    cancel.check()?;
    let draft = parse_draft(input)?;
    if std::env::var_os("MVTERMS_TIMING").is_some() {
        eprintln!("parse: {:?}", start.elapsed());
    }
    cancel.check()?;
    check_parsed_with(input, &draft, options, registry, cancel)
}

/// Checks a draft already read with [`parse_draft`] (so a caller can parse while the registry is
/// still being built). `input` names the draft and tells its format. Never stopped early.
pub fn check_parsed(
    input: &DraftInput,
    draft: &Draft,
    options: &CheckOptions,
    registry: RegistryView<'_>,
) -> FileReport {
    match check_parsed_with(input, draft, options, registry, &Cancel::never()) {
        Ok(report) => report,
        Err(_) => unreachable!("work under Cancel::never() is never cancelled"),
    }
}

/// [`check_parsed`] that stops with [`crate::Error::Cancelled`] soon after `cancel` is cancelled.
pub fn check_parsed_with(
    input: &DraftInput,
    draft: &Draft,
    options: &CheckOptions,
    registry: RegistryView<'_>,
    cancel: &Cancel,
) -> Result<FileReport> {
    let format = input.resolved_format();
    let words = words::Words::new(registry.analyzer().clone());
    let ctx = rules::Ctx {
        draft,
        profile: options.profile,
        registry,
        words: &words,
        cancel,
    };
    let raw = rules::run_all(&ctx);
    let outline = draft::outline::Outline::of(draft);
    // The rules stop early when cancelled; what they found by then is not a report.
    cancel.check()?;
    let mut findings: Vec<Finding> = raw
        .into_iter()
        .filter_map(|raw| {
            let info = rule(raw.rule)?;
            if !info.applies_to(options.profile) {
                return None;
            }
            let severity = options.config.severity(raw.rule, info.severity)?;
            let severity = raw
                .severity
                .map_or(severity, |lowered| lowered.min(severity));
            let suppressed = draft.suppressions.iter().any(|(from, to, ids)| {
                (*from..=*to).contains(&raw.start.line)
                    && (ids.is_empty() || ids.iter().any(|i| i == raw.rule))
            });
            if suppressed {
                return None;
            }
            let (excerpt, excerpt_column) = excerpt(draft, raw.start.line, raw.start.column);
            let clause = outline.at(raw.start.line);
            Some(Finding {
                rule: info.id,
                severity,
                message: raw.message,
                line: raw.start.line,
                column: raw.start.column,
                end_line: raw.end.line.max(raw.start.line),
                end_column: if raw.end.line > raw.start.line {
                    raw.end.column
                } else {
                    raw.end.column.max(raw.start.column)
                },
                excerpt,
                suggestion: raw.suggestion,
                excerpt_column,
                path: None,
                clause: clause.and_then(|c| c.number.clone()),
                clause_title: clause.map(|c| c.title.clone()),
                paragraph: (format == Format::Docx).then_some(raw.start.line),
            })
        })
        .collect();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    findings.dedup_by(|a, b| a.sort_key() == b.sort_key());
    Ok(FileReport::new(input.name.clone(), format, findings))
}

/// Widest excerpt shown, in characters.
const EXCERPT_WIDTH: usize = 100;

/// The source line around `column`, shortened to [`EXCERPT_WIDTH`] characters with "…" where cut,
/// and the caret's column inside it.
fn excerpt(draft: &Draft, line: usize, column: usize) -> (String, usize) {
    let Some(text) = line.checked_sub(1).and_then(|i| draft.lines.get(i)) else {
        return (String::new(), 1);
    };
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let col = column.saturating_sub(1).min(chars.len());
    if chars.len() <= EXCERPT_WIDTH {
        return (
            chars.iter().collect::<String>().trim_end().to_string(),
            col + 1,
        );
    }
    // Cut at spaces where one is near, so the excerpt never shows half a word at either end.
    let mut start = col.saturating_sub(30);
    if let Some(k) = (start.saturating_sub(12)..start)
        .rev()
        .find(|&k| chars[k] == ' ')
    {
        start = k + 1;
    }
    let mut end = (start + EXCERPT_WIDTH).min(chars.len());
    if end < chars.len() {
        if let Some(k) = (end.saturating_sub(12).max(col + 1)..end)
            .rev()
            .find(|&k| chars[k] == ' ')
        {
            end = k;
        }
    }
    let mut s = String::new();
    let mut caret = col - start + 1;
    if start > 0 {
        s.push('…');
        caret += 1;
    }
    s.extend(&chars[start..end]);
    if end < chars.len() {
        s.push('…');
    }
    (s, caret)
}
