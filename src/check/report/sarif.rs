//! SARIF 2.1.0 output, so code-review tools (GitHub code scanning, VS Code SARIF viewer) show the
//! findings inline. One run; the rules of the catalog are the tool's rules; files that could not be
//! checked become tool execution notifications.

use super::Outcome;
use crate::check::finding::Severity;
use crate::check::rules::catalog::RULES;
use serde_json::{Value, json};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn uri(path: &str) -> String {
    path.replace('\\', "/").trim_start_matches("./").to_string()
}

/// The SARIF log of a run.
pub fn render(outcomes: &[Outcome]) -> Value {
    render_with(outcomes, None)
}

/// [`render`], with a tool execution notification when the registry rules did not run.
pub fn render_with(outcomes: &[Outcome], registry: Option<&super::RegistryUse>) -> Value {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.summary },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "source": r.source },
            })
        })
        .collect();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for o in outcomes {
        match o {
            Outcome::Checked(r) => {
                for f in &r.findings {
                    let index = RULES.iter().position(|x| x.id == f.rule).unwrap_or(0);
                    let mut text = f.message.clone();
                    if let Some(s) = &f.suggestion {
                        text.push_str(" — suggestion: ");
                        text.push_str(s);
                    }
                    let mut location = json!({
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(f.path.as_deref().unwrap_or(&r.path)) },
                            "region": {
                                "startLine": f.line,
                                "startColumn": f.column,
                                "endLine": f.end_line,
                                "endColumn": f.end_column.max(f.column),
                                "snippet": { "text": f.excerpt },
                            },
                        },
                    });
                    // The clause as a logical location (SARIF §3.33), so a viewer can group
                    // findings by clause; the Word paragraph in the location's properties.
                    if f.clause.is_some() || f.clause_title.is_some() {
                        let name = f.clause.clone().or_else(|| f.clause_title.clone());
                        let full = match (&f.clause, &f.clause_title) {
                            (Some(n), Some(t)) if !t.is_empty() => format!("{n} {t}"),
                            (Some(n), _) => n.clone(),
                            (None, t) => t.clone().unwrap_or_default(),
                        };
                        location["logicalLocations"] = json!([{
                            "name": name,
                            "fullyQualifiedName": full,
                            "kind": "clause",
                        }]);
                    }
                    if let Some(p) = f.paragraph {
                        location["properties"] = json!({ "paragraph": p });
                    }
                    results.push(json!({
                        "ruleId": f.rule,
                        "ruleIndex": index,
                        "level": level(f.severity),
                        "message": { "text": text },
                        "locations": [location],
                    }));
                }
            }
            Outcome::Failed { path, message } => notifications.push(json!({
                "level": "error",
                "message": { "text": message },
                "locations": [{ "physicalLocation": { "artifactLocation": { "uri": uri(path) } } }],
            })),
        }
    }
    let mut properties = serde_json::Map::new();
    if let Some(r) = registry {
        if let Some(note) = r.note() {
            notifications.push(json!({
                "level": "warning",
                "descriptor": { "id": "registry-rules-skipped" },
                "message": { "text": note },
            }));
        }
        properties.insert("registry".into(), json!(r));
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "mvterms",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://www.itu.int/en/ITU-T/focusgroups/mv/",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": notifications.iter().all(|n| n["level"] != "error"),
                "toolExecutionNotifications": notifications,
                "properties": properties,
            }],
            "results": results,
        }],
    })
}
