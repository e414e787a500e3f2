//! The drafting rules of `docs/principles.md`, one module per part of the principles. Each rule
//! reads the [`Draft`] (and, for the registry-aware ones, the [`Registry`]) and reports raw findings
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
use super::finding::Profile;
use super::registry::Registry;
use super::words::Words;
use std::ops::Range;

/// What every rule can read.
#[derive(Debug, Clone, Copy)]
pub struct Ctx<'a> {
    /// The draft.
    pub draft: &'a Draft,
    /// The profile it is checked against.
    pub profile: Profile,
    /// The registry (corpus, matchers).
    pub registry: &'a Registry,
}

impl Ctx<'_> {
    /// The shared word pipeline.
    pub fn words(&self) -> &Words {
        self.registry.words()
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
        });
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
        });
    }
}

/// One part of the rules: reads the context, reports into the sink.
type RuleFn = fn(&Ctx, &mut Sink);

/// Drafts larger than this (bytes of live text) run the rule groups on two threads: the variant
/// rules on one, everything else on the other. Small drafts (API requests) stay on one thread.
const PARALLEL_FROM: usize = 256 * 1024;

/// Runs every rule on the draft. Rules outside the profile are filtered later, so this runs all.
/// The order of the raw findings does not matter: the check sorts them.
pub fn run_all(ctx: &Ctx) -> Vec<RawFinding> {
    let first: [(&str, RuleFn); 7] = [
        ("structure", structure::check),
        ("term", term::check),
        ("definition", definition::check),
        ("definition_form", definition_form::check),
        ("note", note::check),
        ("abbreviation", abbreviation::check),
        ("registry", registry::check),
    ];
    let second: [(&str, RuleFn); 1] = [("usage", usage::check)];
    let size: usize = ctx.draft.text.iter().map(|t| t.text.text().len()).sum();
    if size < PARALLEL_FROM {
        let mut findings = run_part(ctx, &first);
        findings.extend(run_part(ctx, &second));
        return findings;
    }
    std::thread::scope(|scope| {
        let other = scope.spawn(|| run_part(ctx, &second));
        let mut findings = run_part(ctx, &first);
        match other.join() {
            Ok(more) => findings.extend(more),
            // A panic in a rule is a bug; surface it as the panic it is.
            Err(panic) => std::panic::resume_unwind(panic),
        }
        findings
    })
}

fn run_part(ctx: &Ctx, parts: &[(&str, RuleFn)]) -> Vec<RawFinding> {
    let timing = std::env::var_os("MVTERMS_TIMING").is_some();
    let mut sink = Sink::default();
    for (name, rule) in parts {
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
