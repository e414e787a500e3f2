//! The drafting rules of `docs/principles.md`, one module per part of the principles. Each rule
//! reads the [`Draft`] (and, for the registry-aware ones, the [`RegistryView`]) and reports raw findings
//! into a [`Sink`]; the check then applies profile, configuration and suppressions.

mod abbreviation;
pub mod catalog;
mod definition;
mod definition_form;
mod note;
mod registry;
mod structure;
mod term;
mod usage;

use super::draft::{Draft, Located, Pos};
use super::finding::{Profile, Severity};
use super::registry_view::RegistryView;
use super::words::Words;
use crate::cancel::Cancel;
use std::ops::Range;

/// What every rule can read.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The draft.
    pub draft: &'a Draft,
    /// The profile it is checked against.
    pub profile: Profile,
    /// The registry (corpus, analyzer, concepts).
    pub registry: RegistryView<'a>,
    /// The word pipeline over the registry's analyzer.
    pub words: &'a Words,
    /// Asked between rules and inside their long loops; a cancelled check's findings are dropped.
    pub cancel: &'a Cancel,
}

/// How many steps of a rule's inner loop (words, matches) run between two looks at the
/// [`Cancel`]: often enough to stop within milliseconds, rarely enough to cost nothing.
const CANCEL_EVERY: usize = 4096;

impl Ctx<'_> {
    /// The shared word pipeline.
    pub fn words(&self) -> &Words {
        self.words
    }

    /// Whether the check was cancelled: a rule then stops where it is (its findings are dropped).
    pub fn cancelled(&self) -> bool {
        self.cancel.is_cancelled()
    }

    /// [`Ctx::cancelled`], asked only every [`CANCEL_EVERY`] steps of an inner loop.
    pub fn cancelled_at(&self, step: usize) -> bool {
        step.is_multiple_of(CANCEL_EVERY) && self.cancel.is_cancelled()
    }
}

/// A finding before severity, excerpt and suppressions are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawFinding {
    /// Rule id.
    pub rule: &'static str,
    /// Start.
    pub start: Pos,
    /// End.
    pub end: Pos,
    /// Message.
    pub message: String,
    /// Suggestion.
    pub suggestion: Option<String>,
    /// A severity below the rule's default, for a finding the rule is less sure of (a homonym
    /// rather than a redefinition); `None` = the rule's default.
    pub severity: Option<Severity>,
}

/// Collects raw findings.
#[derive(Debug, Default)]
pub struct Sink {
    /// What was reported.
    pub findings: Vec<RawFinding>,
}

impl Sink {
    /// Reports `rule` on the whole of `at`.
    pub fn at(
        &mut self,
        rule: &'static str,
        at: &Located,
        message: String,
        suggestion: Option<String>,
    ) {
        self.findings.push(RawFinding {
            rule,
            start: at.start(),
            end: at.end(),
            message,
            suggestion,
            severity: None,
        });
    }

    /// Reports `rule` on `range` (byte offsets) of `text`.
    pub fn range(
        &mut self,
        rule: &'static str,
        text: &Located,
        range: Range<usize>,
        message: String,
        suggestion: Option<String>,
    ) {
        self.findings.push(RawFinding {
            rule,
            start: text.pos(range.start),
            end: text.pos(range.end),
            message,
            suggestion,
            severity: None,
        });
    }

    /// Lowers the severity of the finding reported last to `severity` (never above the rule's
    /// default: the check takes the lower of the two).
    pub fn lower_last(&mut self, severity: Severity) {
        if let Some(f) = self.findings.last_mut() {
            f.severity = Some(severity);
        }
    }

    /// Reports `rule` at a bare position.
    pub fn pos(
        &mut self,
        rule: &'static str,
        at: Pos,
        message: String,
        suggestion: Option<String>,
    ) {
        self.findings.push(RawFinding {
            rule,
            start: at,
            end: at,
            message,
            suggestion,
            severity: None,
        });
    }
}

/// One part of the rules: reads the context, reports into the sink.
type RuleFn = fn(&Ctx, &mut Sink);

/// Drafts larger than this (bytes of live text) run the rule groups on several threads: the
/// hyphenation and spelling rules on one (on a large draft, about half of all the rules' work),
/// the abbreviation and the other usage rules on a second, and the registry rules with the small
/// draft-only rules on the calling thread, which keeps two cores busy until the end. Small drafts
/// (API requests) stay on one thread.
const PARALLEL_FROM: usize = 256 * 1024;

/// Runs every rule on the draft. Rules outside the profile are filtered later, so this runs all.
/// The raw findings come back in the same order whether the groups ran in parallel or not.
pub fn run_all(ctx: &Ctx) -> Vec<RawFinding> {
    let small: [(&str, RuleFn); 5] = [
        ("structure", structure::check),
        ("term", term::check),
        ("definition", definition::check),
        ("definition_form", definition_form::check),
        ("note", note::check),
    ];
    let registry: [(&str, RuleFn); 1] = [("registry", registry::check)];
    let mixed: [(&str, RuleFn); 2] = [
        ("abbreviation", abbreviation::check),
        ("usage", usage::check),
    ];
    let words: [(&str, RuleFn); 1] = [("usage_words", usage::check_words)];
    let size: usize = ctx.draft.text.iter().map(|t| t.text.text().len()).sum();
    if size < PARALLEL_FROM {
        let mut findings = run_part(ctx, &small);
        findings.extend(run_part(ctx, &registry));
        findings.extend(run_part(ctx, &mixed));
        findings.extend(run_part(ctx, &words));
        return findings;
    }
    std::thread::scope(|scope| {
        let join = |h: std::thread::ScopedJoinHandle<'_, Vec<RawFinding>>| match h.join() {
            Ok(found) => found,
            // A panic in a rule is a bug; surface it as the panic it is.
            Err(panic) => std::panic::resume_unwind(panic),
        };
        let w = scope.spawn(|| run_part(ctx, &words));
        let m = scope.spawn(|| run_part(ctx, &mixed));
        let mut findings = run_part(ctx, &small);
        findings.extend(run_part(ctx, &registry));
        findings.extend(join(m));
        findings.extend(join(w));
        findings
    })
}

fn run_part(ctx: &Ctx, parts: &[(&str, RuleFn)]) -> Vec<RawFinding> {
    let timing = std::env::var_os("MVTERMS_TIMING").is_some();
    let mut sink = Sink::default();
    for (name, rule) in parts {
        if ctx.cancelled() {
            break;
        }
        let start = std::time::Instant::now();
        rule(ctx, &mut sink);
        if timing {
            eprintln!("rules::{name}: {:?}", start.elapsed());
        }
    }
    sink.findings
}

/// The term without a parenthesised part: "proof-of-play (PoP)" → "proof-of-play".
pub fn bare_term(term: &str) -> &str {
    match term.find(" (") {
        Some(i) if term.trim_end().ends_with(')') => term[..i].trim_end(),
        _ => term.trim(),
    }
}

/// The parenthesised part of a term: "proof-of-play (PoP)" → "PoP".
pub fn term_parenthesis(term: &str) -> Option<&str> {
    let t = term.trim_end();
    let open = t.find(" (")?;
    t.ends_with(')').then(|| &t[open + 2..t.len() - 1])
}

/// A quoted term for messages: ‘term’.
pub fn q(s: &str) -> String {
    format!("‘{s}’")
}

/// For the rules' unit tests: the findings of `rule` when the draft `src`, named `name` (its
/// extension gives the format), is checked in `profile` without a registry.
#[cfg(test)]
pub fn findings_of(
    src: &str,
    name: &str,
    profile: crate::check::Profile,
    rule: &str,
) -> Vec<crate::check::Finding> {
    use crate::check::{CheckOptions, DraftInput, RegistryView, check_draft};
    let input = DraftInput {
        name: name.into(),
        bytes: src.as_bytes(),
        format: None,
    };
    let options = CheckOptions {
        profile,
        ..CheckOptions::default()
    };
    check_draft(&input, &options, RegistryView::empty())
        .expect("a test draft is read")
        .findings
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect()
}
