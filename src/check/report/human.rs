//! Compiler-style output, one finding per line followed by the excerpt with a caret and the
//! suggestion:
//!
//! ```text
//! draft.md:12:7: warning[term-case]: term ‘Digital twin’ is not in lower case
//!    | 3.2.1 Digital twin: A digital representation …
//!    |       ^^^^^^^^^^^^
//!    = in: clause 3.2.1 (Digital twin)
//!    = suggestion: write ‘digital twin’ (capitals only for proper nouns and acronyms)
//! ```
//!
//! A finding in an included file names that file and its own line; one in a .docx names the
//! paragraph as Word counts them.

use super::{Outcome, total};
use std::fmt::Write;

/// Renders a run.
pub fn render(outcomes: &[Outcome]) -> String {
    render_with(outcomes, None)
}

/// [`render`], ending with a note when the registry rules did not run.
pub fn render_with(outcomes: &[Outcome], registry: Option<&super::RegistryUse>) -> String {
    let mut out = String::new();
    let mut checked = 0;
    let mut failed = 0;
    for o in outcomes {
        match o {
            Outcome::Failed { path, message } => {
                failed += 1;
                let _ = writeln!(out, "{path}: error: {message}");
            }
            Outcome::Checked(r) => {
                checked += 1;
                for f in &r.findings {
                    let _ = writeln!(
                        out,
                        "{}:{}:{}: {}[{}]: {}",
                        f.path.as_deref().unwrap_or(&r.path),
                        f.line,
                        f.column,
                        f.severity,
                        f.rule,
                        f.message
                    );
                    if !f.excerpt.is_empty() {
                        let _ = writeln!(out, "   | {}", f.excerpt);
                        let width = if f.end_line == f.line {
                            f.end_column.saturating_sub(f.column).max(1)
                        } else {
                            1
                        };
                        let room = f
                            .excerpt
                            .chars()
                            .count()
                            .saturating_sub(f.excerpt_column - 1)
                            .max(1);
                        let _ = writeln!(
                            out,
                            "   | {}{}",
                            " ".repeat(f.excerpt_column - 1),
                            "^".repeat(width.min(room))
                        );
                    }
                    if let Some(place) = super::place(f) {
                        let _ = writeln!(out, "   = in: {place}");
                    }
                    if let Some(s) = &f.suggestion {
                        let _ = writeln!(out, "   = suggestion: {s}");
                    }
                }
            }
        }
    }
    let s = total(outcomes);
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    let _ = write!(
        out,
        "{} checked: {}, {}, {}",
        plural(checked, "file"),
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info")
    );
    if failed > 0 {
        let _ = write!(out, "; {} could not be checked", plural(failed, "file"));
    }
    out.push('\n');
    if let Some(note) = registry.and_then(super::RegistryUse::note) {
        let _ = writeln!(out, "note: {note}");
    }
    out
}
