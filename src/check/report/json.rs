//! JSON output. A run (CLI `--format json`, design §3):
//! `{"files":[{"path","findings":[…],"summary"}],"summary"}`, where a file that could not be
//! checked has `"error"` instead of findings. One draft (API `POST /v1/check`, design §4):
//! `{"findings":[{rule,severity,message,line,column,end_line,end_column,excerpt,suggestion}],"summary"}`.

use super::{FileReport, Outcome, RegistryUse, Summary, total};
use crate::check::finding::Finding;
use serde::Serialize;
use serde_json::{Value, json};

/// The JSON of a run over several files.
pub fn run(outcomes: &[Outcome]) -> Value {
    let files: Vec<Value> = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Checked(r) => json!({ "path": r.path, "findings": r.findings, "summary": r.summary }),
            Outcome::Failed { path, message } => json!({ "path": path, "error": message, "findings": [], "summary": super::Summary::default() }),
        })
        .collect();
    let failed = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Failed { .. }))
        .count();
    let mut summary = serde_json::to_value(total(outcomes)).unwrap_or(Value::Null);
    if let Value::Object(m) = &mut summary {
        m.insert("files".into(), json!(outcomes.len()));
        m.insert("unreadable".into(), json!(failed));
    }
    json!({ "files": files, "summary": summary })
}

/// A run's JSON, shaped as [`run`] builds it, serialized straight from the reports.
#[derive(Serialize)]
struct RunOut<'a> {
    files: Vec<FileOut<'a>>,
    summary: RunSummary<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum FileOut<'a> {
    Checked {
        path: &'a str,
        findings: &'a [Finding],
        summary: Summary,
    },
    Failed {
        path: &'a str,
        error: &'a str,
        findings: &'a [Finding],
        summary: Summary,
    },
}

#[derive(Serialize)]
struct RunSummary<'a> {
    errors: usize,
    warnings: usize,
    infos: usize,
    files: usize,
    unreadable: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    registry: Option<&'a RegistryUse>,
}

/// Writes the JSON of a run (the same text as `format!("{:#}\n", run(outcomes))`) without
/// building a [`Value`] tree first: on a large draft with thousands of findings the tree cost
/// more than the serialization.
pub fn write_run(outcomes: &[Outcome], out: &mut impl std::io::Write) -> std::io::Result<()> {
    write_run_with(outcomes, None, out)
}

/// [`write_run`] with the run's registry in the summary (`"registry": {corpus, rules_run,
/// reason}`).
pub fn write_run_with(
    outcomes: &[Outcome],
    registry: Option<&RegistryUse>,
    out: &mut impl std::io::Write,
) -> std::io::Result<()> {
    let files = outcomes
        .iter()
        .map(|o| match o {
            Outcome::Checked(r) => FileOut::Checked {
                path: &r.path,
                findings: &r.findings,
                summary: r.summary,
            },
            Outcome::Failed { path, message } => FileOut::Failed {
                path,
                error: message,
                findings: &[],
                summary: Summary::default(),
            },
        })
        .collect();
    let t = total(outcomes);
    let run = RunOut {
        files,
        summary: RunSummary {
            errors: t.errors,
            warnings: t.warnings,
            infos: t.infos,
            files: outcomes.len(),
            unreadable: outcomes
                .iter()
                .filter(|o| matches!(o, Outcome::Failed { .. }))
                .count(),
            registry,
        },
    };
    serde_json::to_writer_pretty(&mut *out, &run)?;
    out.write_all(b"\n")
}

/// The JSON of one draft's check, as the API answers it.
pub fn single(report: &FileReport) -> Value {
    json!({ "findings": report.findings, "summary": report.summary })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Format;
    use crate::check::finding::Severity;

    #[test]
    fn the_written_run_is_the_text_of_the_value() {
        let finding = Finding {
            rule: "term-case",
            severity: Severity::Warning,
            message: "term ‘Digital twin’ is not in \"lower\" case".into(),
            line: 3,
            column: 7,
            end_line: 3,
            end_column: 19,
            excerpt: "3.2.1 Digital twin: A digital representation".into(),
            suggestion: None,
            excerpt_column: 7,
            path: None,
            clause: Some("3.2.1".into()),
            clause_title: Some("Digital twin".into()),
            paragraph: None,
        };
        let outcomes = vec![
            Outcome::Checked(FileReport::new(
                "a.md".into(),
                Format::Markdown,
                vec![finding.clone(), finding],
            )),
            Outcome::Failed {
                path: "b.docx".into(),
                message: "not a zip archive".into(),
            },
            Outcome::Checked(FileReport::new("c.txt".into(), Format::Text, vec![])),
        ];
        let mut written = Vec::new();
        write_run(&outcomes, &mut written).unwrap();
        assert_eq!(
            String::from_utf8(written).unwrap(),
            format!("{:#}\n", run(&outcomes))
        );
    }
}
