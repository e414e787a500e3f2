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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AbbreviationRow {
    abbreviation: String,
    expansion: String,
    source_document: Option<String>,
    seen_at: Option<String>,
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
        let row = row.into_inner();
        if row.abbreviation.trim().is_empty() || row.expansion.trim().is_empty() {
            problems.push(toml_file.problem(
                start,
                "abbreviation and expansion must both be non-empty".to_string(),
            ));
            continue;
        }
        rows.push(Abbreviation {
            abbreviation: row.abbreviation,
            expansion: row.expansion,
            source_document: row.source_document,
            seen_at: row.seen_at,
        });
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
