//! What the check reports: a [`Finding`] with its rule id, [`Severity`], place, excerpt and
//! suggestion, and the [`Profile`] of drafting rules a draft is held to.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Should be fixed before the meeting.
    Warning,
    /// Breaks a drafting rule.
    Error,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Ok(Severity::Error),
            "warning" | "warn" => Ok(Severity::Warning),
            "info" | "note" => Ok(Severity::Info),
            _ => Err(format!(
                "unknown severity '{s}'; expected one of: error, warning, info"
            )),
        }
    }
}

/// The set of drafting rules a draft follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// ITU-T Author's guide (FG-MV deliverables).
    #[default]
    Itu,
    /// ISO/IEC Directives Part 2.
    Iso,
}

impl Profile {
    /// `itu` or `iso`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Itu => "itu",
            Profile::Iso => "iso",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "itu" => Ok(Profile::Itu),
            "iso" => Ok(Profile::Iso),
            _ => Err(format!("unknown profile '{s}'; expected one of: itu, iso")),
        }
    }
}

/// One problem found in a draft. Serializes to the finding object of the API (design §4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Finding {
    /// Stable rule id from `docs/principles.md`.
    #[schema(value_type = String, example = "redefinition")]
    pub rule: &'static str,
    /// Severity after configuration.
    pub severity: Severity,
    /// What is wrong, for an editor.
    pub message: String,
    /// 1-based line (paragraph number for .docx) where the problem starts.
    pub line: usize,
    /// 1-based column (characters) where it starts.
    pub column: usize,
    /// Where it ends (inclusive line, exclusive column).
    pub end_line: usize,
    /// Where it ends.
    pub end_column: usize,
    /// The source line, shortened around the problem.
    pub excerpt: String,
    /// How to fix it, when there is a clear fix.
    pub suggestion: Option<String>,
    /// Column of the problem inside `excerpt` (1-based, characters), for the caret.
    #[serde(skip)]
    pub excerpt_column: usize,
    /// The file the finding is in when it is not the checked file itself: a file the draft
    /// includes (`include::`); `line` and `end_line` are then that file's own lines.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The number of the clause the finding is in, as the document shows it ("3.2", "3.2.1" for
    /// a term entry, "A.1"), Word list numbering included; absent before the first clause or
    /// under an unnumbered heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause: Option<String>,
    /// The title of that clause's heading, or the term of that entry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub clause_title: Option<String>,
    /// For .docx: the paragraph number as Word counts paragraphs (every paragraph of the main
    /// text, empty ones and table cells included); the same number as `line`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
}

impl Finding {
    /// The order findings are reported in: by place, then rule, then message.
    pub fn sort_key(&self) -> (usize, usize, &'static str, &str) {
        (self.line, self.column, self.rule, &self.message)
    }
}
