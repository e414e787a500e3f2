//! `corpus/synonyms.toml`: equivalences editors sign, which search uses to find a concept under
//! its other expressions ("real world" ≈ "physical world"). Each set lists two or more
//! expressions of one notion and says why they are the same; a query that contains one of them
//! also matches the others, weighted below the words as typed, and each hit found that way says
//! so (`via`).
//!
//! ```toml
//! [[synonym]]
//! terms = ["real world", "physical world"]
//! reason = "FGMV-20 and its sources use both for the world outside the metaverse"
//! ```
//!
//! Validated like the rest of the corpus: a bad table is refused with its line and field.

use super::toml_file::TomlFile;
use crate::error::Problem;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// File name of the curated synonyms inside the corpus folder.
pub const FILE_NAME: &str = "synonyms.toml";

/// One set of equivalent expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SynonymSet {
    /// The expressions as written, in file order (at least two).
    pub terms: Vec<String>,
    /// Why the editors hold them equivalent.
    pub reason: String,
    /// 1-based line of the `[[synonym]]` table.
    pub line: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    #[serde(default)]
    synonym: Vec<Spanned<SetShape>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SetShape {
    #[serde(default)]
    terms: Vec<Spanned<String>>,
    reason: Option<Spanned<String>>,
}

/// Folded, stemmed words without stop words: two spellings of one expression share it (the
/// same key as `clusters.toml` uses).
fn key(text: &str) -> String {
    super::curated::spelling_key(text)
}

/// Parses and validates the file; every problem names its line and the field at fault.
pub fn parse(path: &Path, text: &str) -> Result<Vec<SynonymSet>, Vec<Problem>> {
    let toml_file = TomlFile::new(path, text);
    let file: FileShape = toml_file.parse()?;
    let mut problems = Vec::new();
    let mut sets = Vec::new();
    // (key of one expression, key of another) → line of the set that pairs them first.
    let mut pairs: BTreeMap<(String, String), usize> = BTreeMap::new();
    for table in &file.synonym {
        let start = table.span().start;
        let line = toml_file.line(start);
        let shape = table.get_ref();
        let name = format!("[[synonym]] at line {line}");
        let reason = match toml_file.required(
            shape.reason.as_ref(),
            start,
            &name,
            "reason",
            "why the expressions are the same notion",
            "why the expressions are the same notion, e.g. reason = \"both name the world outside the metaverse\"",
        ) {
            Ok(r) => r.get_ref().trim().to_string(),
            Err(problem) => {
                problems.push(problem);
                continue;
            }
        };
        let mut terms = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        for term in &shape.terms {
            let k = key(term.get_ref());
            if k.is_empty() {
                problems.push(toml_file.problem(
                    term.span().start,
                    format!("{name}: field 'terms': '{}' has no words to match; expected a word or phrase such as 'real world'", term.get_ref()),
                ));
                continue;
            }
            if keys.contains(&k) {
                problems.push(toml_file.problem(
                    term.span().start,
                    format!("{name}: field 'terms': '{}' is listed twice (case, plural and spelling do not matter)", term.get_ref()),
                ));
                continue;
            }
            keys.push(k);
            terms.push(term.get_ref().trim().to_string());
        }
        if terms.len() < 2 {
            problems.push(toml_file.problem(
                start,
                format!(
                    "{name}: field 'terms' needs at least two expressions of the notion; found {}",
                    terms.len()
                ),
            ));
            continue;
        }
        for a in &keys {
            for b in &keys {
                if a < b {
                    if let Some(first) = pairs.insert((a.clone(), b.clone()), line) {
                        problems.push(toml_file.problem(
                            start,
                            format!("{name}: field 'terms' pairs '{a}' and '{b}' again (already at line {first})"),
                        ));
                    }
                }
            }
        }
        sets.push(SynonymSet {
            terms,
            reason,
            line,
        });
    }
    if problems.is_empty() {
        Ok(sets)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Vec<SynonymSet>, Vec<String>> {
        parse(Path::new("corpus/synonyms.toml"), text)
            .map_err(|ps| ps.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn a_valid_set_is_read_with_its_line() {
        let sets = parse_str(
            "# c\n[[synonym]]\nterms = [\"real world\", \"physical world\"]\nreason = \"same\"\n",
        )
        .unwrap();
        assert_eq!(sets.len(), 1);
        assert_eq!(sets[0].terms, ["real world", "physical world"]);
        assert_eq!(sets[0].line, 2);
    }

    #[test]
    fn problems_name_the_line_and_the_field() {
        let errs = parse_str("[[synonym]]\nterms = [\"real world\"]\nreason = \"x\"\n\n[[synonym]]\nterms = [\"a b\", \"c d\"]\n")
            .unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.contains("synonyms.toml:1")
                    && e.contains("field 'terms' needs at least two")),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.contains("synonyms.toml:5") && e.contains("missing field 'reason'")),
            "{errs:?}"
        );
        let errs = parse_str("[[synonym]]\nterms = [\"worlds\", \"World\"]\nreason = \"x\"\n")
            .unwrap_err();
        assert!(errs.iter().any(|e| e.contains("listed twice")), "{errs:?}");
        let errs = parse_str("[[synonym]]\nterm = [\"a\"]\n").unwrap_err();
        assert!(
            errs.iter()
                .any(|e| e.contains("synonyms.toml:2") && e.contains("term")),
            "{errs:?}"
        );
    }
}
