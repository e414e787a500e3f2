//! Renderings of check results: [`human`] (compiler style), [`json`] (design §3/§4) and [`sarif`]
//! (SARIF 2.1.0 for code-review tools). All are deterministic: findings are already sorted.

pub mod human;
pub mod json;
pub mod sarif;

use super::finding::{Finding, Severity};
use super::format::Format;
use serde::Serialize;

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Summary {
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
}

impl Summary {
    /// Counts `findings`.
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            s.add(f.severity);
        }
        s
    }

    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }

    /// Adds another summary.
    pub fn merge(&mut self, other: Summary) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
    }

    /// Number of findings at or above `level`.
    pub fn at_or_above(&self, level: Severity) -> usize {
        match level {
            Severity::Error => self.errors,
            Severity::Warning => self.errors + self.warnings,
            Severity::Info => self.errors + self.warnings + self.infos,
        }
    }
}

/// The findings of one draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// The draft's name.
    pub path: String,
    /// The format it was read as.
    #[serde(skip)]
    pub format: Format,
    /// Findings, sorted by place then rule.
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: Summary,
}

impl FileReport {
    /// A report of `findings` (already sorted).
    pub fn new(path: String, format: Format, findings: Vec<Finding>) -> FileReport {
        let summary = Summary::of(&findings);
        FileReport {
            path,
            format,
            findings,
            summary,
        }
    }
}

/// The outcome of checking one file of a run: its report, or why it could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Checked.
    Checked(FileReport),
    /// Not checked: the path and the reason.
    Failed {
        /// The draft's name.
        path: String,
        /// Why it could not be checked.
        message: String,
    },
}

/// Totals over a run of several files.
pub fn total(outcomes: &[Outcome]) -> Summary {
    let mut s = Summary::default();
    for o in outcomes {
        if let Outcome::Checked(r) = o {
            s.merge(r.summary);
        }
    }
    s
}
