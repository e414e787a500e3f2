//! JSON output. A run (CLI `--format json`, design §3):
//! `{"files":[{"path","findings":[…],"summary"}],"summary"}`, where a file that could not be
//! checked has `"error"` instead of findings. One draft (API `POST /v1/check`, design §4):
//! `{"findings":[{rule,severity,message,line,column,end_line,end_column,excerpt,suggestion}],"summary"}`.

use super::{FileReport, Outcome, total};
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

/// The JSON of one draft's check, as the API answers it.
pub fn single(report: &FileReport) -> Value {
    json!({ "findings": report.findings, "summary": report.summary })
}
