//! `corpus/abbreviations.toml`: the abbreviations of the registry with their expansions, as the
//! source documents list them (one `[[abbreviation]]` table each).

use super::toml_file::TomlFile;
use crate::error::Problem;
use crate::model::Abbreviation;
use serde::{Deserialize, Serialize};
use std::path::Path;
use toml::Spanned;

/// File name of the abbreviation list inside the corpus folder.
pub const FILE_NAME: &str = "abbreviations.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AbbreviationsFile {
    #[serde(default)]
    abbreviation: Vec<Spanned<AbbreviationRow>>,
}

/// One abbreviation as a `[[abbreviation]]` table or an import row writes it: these fields and
/// no other.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AbbreviationRow {
    abbreviation: String,
    expansion: String,
    source_document: Option<String>,
    seen_at: Option<String>,
}

impl AbbreviationRow {
    /// The abbreviation, or why it is refused.
    pub(super) fn validate(self) -> Result<Abbreviation, String> {
        if self.abbreviation.trim().is_empty() || self.expansion.trim().is_empty() {
            return Err("abbreviation and expansion must both be non-empty".to_string());
        }
        Ok(Abbreviation {
            abbreviation: self.abbreviation,
            expansion: self.expansion,
            source_document: self.source_document,
            seen_at: self.seen_at,
        })
    }
}

#[derive(Serialize)]
struct AbbreviationsOut<'a> {
    abbreviation: &'a [Abbreviation],
}

/// Parses and validates the abbreviation list; every problem carries its line.
pub fn parse(path: &Path, text: &str) -> Result<Vec<Abbreviation>, Vec<Problem>> {
    let toml_file = TomlFile::new(path, text);
    let file: AbbreviationsFile = toml_file.parse()?;

    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for row in file.abbreviation {
        let start = row.span().start;
        match row.into_inner().validate() {
            Ok(row) => rows.push(row),
            Err(message) => problems.push(toml_file.problem(start, message)),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}

/// The TOML text of an abbreviation list.
pub fn render(rows: &[Abbreviation]) -> String {
    let header = "# Abbreviations with their expansions, as the source documents list them.\n\
                  # The same abbreviation may appear with several expansions from different sources.\n\n";
    let body = toml::to_string(&AbbreviationsOut { abbreviation: rows })
        .expect("abbreviations always serialize to TOML");
    format!("{header}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_without_expansion_is_reported_at_its_line() {
        let text = "[[abbreviation]]\nabbreviation = \"XR\"\nexpansion = \"Extended Reality\"\n\n[[abbreviation]]\nabbreviation = \"VR\"\nexpansion = \"\"\n";
        let problems = parse(Path::new("abbreviations.toml"), text).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(5));
    }

    #[test]
    fn rows_round_trip() {
        let rows = vec![Abbreviation {
            abbreviation: "XR".into(),
            expansion: "Extended Reality".into(),
            source_document: Some("3GPP TR 26.928".into()),
            seen_at: None,
        }];
        assert_eq!(parse(Path::new("a.toml"), &render(&rows)).unwrap(), rows);
    }
}
