//! Renderings of check results: [`human`] (compiler style), [`json`] (design §3/§4) and [`sarif`]
//! (SARIF 2.1.0 for code-review tools). All are deterministic: findings are already sorted.

pub mod human;
pub mod json;
pub mod sarif;

use super::finding::{Finding, Severity};
use super::format::Format;
use super::format::include::SourceMap;
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

    /// Gives each finding of a draft checked with its includes expanded the file it is in and
    /// that file's own lines (findings stay in document order).
    pub fn relocate(&mut self, sources: &SourceMap) {
        for f in &mut self.findings {
            let (file, line) = sources.locate(f.line);
            let (end_file, end_line) = sources.locate(f.end_line);
            if end_file == file {
                f.end_line = end_line.max(line);
            } else {
                // A span running out of the included file ends on the line it starts.
                f.end_line = line;
                f.end_column = f.column + 1;
            }
            f.line = line;
            f.path = file.map(str::to_string);
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

/// Which registry a run checked against, or why the registry rules did not run; every output
/// format says it, so a run that lost its registry is never mistaken for a clean one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RegistryUse {
    /// The corpus folder the registry was loaded from, and how it was found.
    pub corpus: Option<String>,
    /// True when the registry rules (redefinition, deprecated-term, …) ran.
    pub rules_run: bool,
    /// Why they did not run, when they did not.
    pub reason: Option<String>,
}

impl RegistryUse {
    /// The one-line note for people: `None` when the registry rules ran.
    pub fn note(&self) -> Option<String> {
        (!self.rules_run).then(|| {
            format!(
                "registry rules (redefinition, quoted-definition-modified, deprecated-term, synonym-mix) did not run: {}",
                self.reason.as_deref().unwrap_or("no registry")
            )
        })
    }
}

/// Where a finding is, said the way an editor looks for it: "clause 3.2 (Terms defined in this
/// Recommendation), Word paragraph 261". `None` when there is nothing to add to the line.
pub fn place(f: &Finding) -> Option<String> {
    let mut parts = Vec::new();
    match (&f.clause, &f.clause_title) {
        (Some(n), Some(t)) if !t.is_empty() => parts.push(format!("clause {n} ({t})")),
        (Some(n), _) => parts.push(format!("clause {n}")),
        (None, Some(t)) if !t.is_empty() => parts.push(format!("‘{t}’")),
        _ => {}
    }
    if let Some(p) = f.paragraph {
        parts.push(format!("Word paragraph {p}"));
    }
    (!parts.is_empty()).then(|| parts.join(", "))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_says_when_the_registry_rules_did_not_run() {
        let skipped = RegistryUse {
            corpus: None,
            rules_run: false,
            reason: Some("no corpus found".into()),
        };
        let outcomes = vec![Outcome::Checked(FileReport::new(
            "a.md".into(),
            Format::Markdown,
            vec![],
        ))];
        let human = human::render_with(&outcomes, Some(&skipped));
        assert!(
            human.contains("note: registry rules") && human.contains("no corpus found"),
            "{human}"
        );
        let mut buf = Vec::new();
        json::write_run_with(&outcomes, Some(&skipped), &mut buf).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(v["summary"]["registry"]["rules_run"], false);
        assert_eq!(v["summary"]["registry"]["reason"], "no corpus found");
        let sarif = sarif::render_with(&outcomes, Some(&skipped));
        let notes = &sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"];
        assert!(
            notes[0]["message"]["text"]
                .as_str()
                .unwrap()
                .contains("no corpus found"),
            "{sarif}"
        );
        assert_eq!(
            sarif["runs"][0]["invocations"][0]["executionSuccessful"],
            true
        );
        let ran = RegistryUse {
            corpus: Some("corpus".into()),
            rules_run: true,
            reason: None,
        };
        assert!(!human::render_with(&outcomes, Some(&ran)).contains("note:"));
    }
}
