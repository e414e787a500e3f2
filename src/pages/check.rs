//! The check page (`/check`): a form to paste a draft or upload one (.docx, .md, .adoc, .txt),
//! and the findings of a run grouped by the clause they are in, each with its excerpt, rule,
//! severity, suggestion and a link to the rule's explanation (`/check/rules#{rule}`, from the
//! registry's catalogue of `docs/principles.md`). The JSON and SARIF reports of the same run
//! are offered as `data:` links with a `download` name: the server keeps nothing of a draft,
//! and the files are exactly those of the run shown.

use super::{Layout, Section};
use crate::check::draft::Draft;
use crate::check::report::{Outcome, RegistryUse, json, sarif};
use crate::check::rules::catalog::{Applies, RULES};
use crate::check::{FileReport, Format, Profile, Summary};
use askama::Template;
use base64::Engine;

/// `/check`: the form, and the findings of a run.
#[derive(Template)]
#[template(path = "check.html")]
pub struct CheckPage {
    pub layout: Layout,
    /// The pasted text, kept in the form.
    pub text: String,
    pub profile: &'static str,
    pub result: Option<CheckView>,
}

/// The findings of one run.
pub struct CheckView {
    /// The draft's name (the file's, or "pasted text").
    pub name: String,
    pub format: &'static str,
    pub profile: &'static str,
    pub summary: Summary,
    pub total: usize,
    pub groups: Vec<ClauseGroup>,
    pub json: Download,
    pub sarif: Download,
}

/// A report to download.
pub struct Download {
    pub href: String,
    pub file_name: String,
    pub bytes: usize,
}

/// The findings in one clause.
pub struct ClauseGroup {
    /// "3.2 Terms defined in this Recommendation", or where the findings are when outside any
    /// clause.
    pub heading: String,
    pub anchor: String,
    pub findings: Vec<FindingView>,
}

/// One finding.
pub struct FindingView {
    pub rule: &'static str,
    pub rule_href: String,
    pub severity: &'static str,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub excerpt: String,
    pub suggestion: Option<String>,
}

/// `/check/rules`: what each rule flags, where it comes from, its severity and profiles.
#[derive(Template)]
#[template(path = "check_rules.html")]
pub struct RulesPage {
    pub layout: Layout,
    pub rules: Vec<RuleView>,
}

pub struct RuleView {
    pub id: &'static str,
    pub summary: &'static str,
    pub source: &'static str,
    pub severity: &'static str,
    pub profiles: &'static str,
}

impl RulesPage {
    pub fn new() -> RulesPage {
        RulesPage {
            layout: Layout::new("The drafting rules the check applies", Section::Check),
            rules: RULES
                .iter()
                .map(|r| RuleView {
                    id: r.id,
                    summary: r.summary,
                    source: r.source,
                    severity: r.severity.as_str(),
                    profiles: match r.applies {
                        Applies::Both => "ITU-T and ISO",
                        Applies::Itu => "ITU-T only",
                    },
                })
                .collect(),
        }
    }
}

impl Default for RulesPage {
    fn default() -> Self {
        RulesPage::new()
    }
}

/// The link of a rule's explanation.
pub fn rule_href(rule: &str) -> String {
    format!("/check/rules#{rule}")
}

/// The title of the clause holding `line`: the last heading at or before it.
fn clause_of(draft: &Draft, line: usize) -> Option<String> {
    draft
        .sections
        .iter()
        .rfind(|s| s.title.start().line <= line)
        .map(|s| match &s.number {
            Some(n) => format!("{n} {}", s.title.text().trim()),
            None => s.title.text().trim().to_string(),
        })
}

/// A file name safe for a `download` attribute: the draft's stem, letters, digits, `.-_` only.
fn download_name(name: &str, ext: &str) -> String {
    let stem: String = name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .take(80)
        .collect();
    let stem = stem.trim_matches(['.', '-']);
    let stem = if stem.is_empty() { "draft" } else { stem };
    format!("{stem}.mvterms.{ext}")
}

fn data_url(media: &str, bytes: &[u8]) -> String {
    format!(
        "data:{media};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

impl CheckView {
    /// The view of a run on `draft` (parsed) that gave `report`.
    pub fn of(draft: &Draft, report: &FileReport, profile: Profile) -> CheckView {
        let mut groups: Vec<ClauseGroup> = Vec::new();
        for f in &report.findings {
            let heading = clause_of(draft, f.line)
                .unwrap_or_else(|| "Before the first clause (title page, summary)".to_string());
            if groups.last().is_none_or(|g| g.heading != heading) {
                groups.push(ClauseGroup {
                    anchor: format!("clause-{}", groups.len() + 1),
                    heading,
                    findings: Vec::new(),
                });
            }
            let group = groups.last_mut().expect("a group was just pushed");
            group.findings.push(FindingView {
                rule: f.rule,
                rule_href: rule_href(f.rule),
                severity: f.severity.as_str(),
                line: f.line,
                column: f.column,
                message: f.message.clone(),
                excerpt: f.excerpt.clone(),
                suggestion: f.suggestion.clone(),
            });
        }
        let outcomes = [Outcome::Checked(report.clone())];
        // The server's registry is always loaded: its rules ran.
        let registry = RegistryUse {
            corpus: None,
            rules_run: true,
            reason: None,
        };
        let mut json_bytes = Vec::new();
        json::write_run_with(&outcomes, Some(&registry), &mut json_bytes)
            .expect("writing JSON to memory does not fail");
        let sarif_bytes = serde_json::to_vec_pretty(&sarif::render_with(&outcomes, None))
            .expect("a SARIF value serializes");
        CheckView {
            name: report.path.clone(),
            format: report.format.as_str(),
            profile: profile.as_str(),
            summary: report.summary,
            total: report.findings.len(),
            groups,
            json: Download {
                href: data_url("application/json", &json_bytes),
                file_name: download_name(&report.path, "json"),
                bytes: json_bytes.len(),
            },
            sarif: Download {
                href: data_url("application/sarif+json", &sarif_bytes),
                file_name: download_name(&report.path, "sarif"),
                bytes: sarif_bytes.len(),
            },
        }
    }
}

impl CheckPage {
    pub fn new(text: String, profile: Profile, result: Option<CheckView>) -> CheckPage {
        let title = match &result {
            Some(r) => format!("Check of {}", r.name),
            None => "Check a draft".to_string(),
        };
        CheckPage {
            layout: Layout::new(title, Section::Check),
            text,
            profile: profile.as_str(),
            result,
        }
    }
}

/// The format of an uploaded file, from its name: `.docx`, `.md`, `.adoc`, `.txt` (and the
/// other extensions the check reads); `None` lets the check read it from the content.
pub fn format_of(file_name: &str) -> Option<Format> {
    std::path::Path::new(file_name)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_keep_only_safe_characters() {
        assert_eq!(
            download_name("C:\\drafts\\F.MV <x>\".docx", "json"),
            "F.MV--x--.docx.mvterms.json"
        );
        assert_eq!(download_name("", "sarif"), "draft.mvterms.sarif");
        assert_eq!(download_name("../..", "json"), "draft.mvterms.json");
    }

    #[test]
    fn every_rule_has_its_explanation() {
        let page = RulesPage::new();
        assert_eq!(page.rules.len(), RULES.len());
        assert!(page.rules.iter().any(|r| r.id == "definition-requirement"));
    }
}
