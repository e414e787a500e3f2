//! `corpus/clusters.toml`: the editors' decisions about concept clusters. The clusters themselves
//! are computed from the corpus (see `crate::clusters`); this file pins, merges or splits them, and
//! wins over the computation.
//!
//! ```toml
//! # Terms that are not characteristics at all (meta-language of definitions).
//! ignore = ["term", "describe"]
//!
//! [[cluster]]
//! id = "physical-world"        # optional stable id; otherwise made from the label
//! label = "physical world"
//! terms = ["physical world", "real world", "physical reality"]
//! note = "The world outside the metaverse, however a source names it."
//! ```
//!
//! Each listed term (as written; it is read with the registry's text pipeline, so "real worlds"
//! and "real world" are the same term) is taken out of whatever cluster the computation put it in
//! and placed in this one: listing terms of two computed clusters merges them, listing some terms
//! of one splits them off, and a label or id given here pins the cluster's name.

use super::toml_file::TomlFile;
use super::validate::check_id;
use crate::analysis::{normalize, segment};
use crate::error::Problem;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use toml::Spanned;

/// File name of the curated clusters inside the corpus folder.
pub const FILE_NAME: &str = "clusters.toml";

/// The editors' cluster decisions, validated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CuratedClusters {
    /// Clusters the editors fixed, in file order.
    pub clusters: Vec<CuratedCluster>,
    /// Terms that are never characteristics.
    pub ignore: Vec<CuratedTerm>,
}

/// One cluster fixed by the editors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratedCluster {
    /// Stable id, when the editors gave one.
    pub id: Option<String>,
    /// The label shown for the cluster.
    pub label: String,
    /// The terms that belong to it, as written in the file.
    pub terms: Vec<CuratedTerm>,
    /// Why the editors decided so.
    pub note: Option<String>,
    /// 1-based line of the `[[cluster]]` table, for explanations ("pinned in clusters.toml:12").
    pub line: usize,
}

/// A term as an editor wrote it, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratedTerm {
    /// The term as written.
    pub text: String,
    /// 1-based line in the file.
    pub line: usize,
}

impl CuratedClusters {
    /// True when the file is absent or decides nothing.
    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty() && self.ignore.is_empty()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileShape {
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    cluster: Vec<Spanned<ClusterShape>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClusterShape {
    id: Option<Spanned<String>>,
    label: Option<Spanned<String>>,
    #[serde(default)]
    terms: Vec<Spanned<String>>,
    note: Option<String>,
}

/// The same term however it is written: folded words, stop words dropped, each word as its
/// lemma-level form (stem and derivational ending, inflection ignored: "integrates" is
/// "integrate", "integration" is not), joined by spaces. Two entries of the file with the same
/// spelling key are the same term.
pub(crate) fn spelling_key(text: &str) -> String {
    let stemmer = normalize::EnglishStemmer::default();
    segment::words(text)
        .iter()
        .map(|w| normalize::fold(w.text))
        .filter(|w| !normalize::is_stop_word(w))
        .map(|w| crate::clusters::forms::form_key(&stemmer.stem(&w), &w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses and validates the file; every problem names its line and the field at fault.
pub fn parse(path: &Path, text: &str) -> Result<CuratedClusters, Vec<Problem>> {
    let toml_file = TomlFile::new(path, text);
    let file: FileShape = toml_file.parse()?;

    let mut problems = Vec::new();
    // spelling key → (line, where) of its first listing, to refuse a term listed twice.
    let mut seen: BTreeMap<String, (usize, String)> = BTreeMap::new();
    let mut check_term = |term: &Spanned<String>, place: String, problems: &mut Vec<Problem>| {
        let line = toml_file.line(term.span().start);
        let key = spelling_key(term.get_ref());
        if key.is_empty() {
            problems.push(toml_file.problem(
                term.span().start,
                format!(
                    "{place}: term '{}' has no words to match; expected a word or phrase such \
                     as 'virtual world'",
                    term.get_ref()
                ),
            ));
            return None;
        }
        if let Some((first, where_)) = seen.get(&key) {
            problems.push(toml_file.problem(
                term.span().start,
                format!(
                    "{place}: term '{}' is already listed at line {first} ({where_}); a term \
                     belongs to one cluster only",
                    term.get_ref()
                ),
            ));
            return None;
        }
        seen.insert(key, (line, place));
        Some(CuratedTerm {
            text: term.get_ref().trim().to_string(),
            line,
        })
    };

    let mut ignore = Vec::new();
    for term in &file.ignore {
        if let Some(t) = check_term(term, "field 'ignore'".into(), &mut problems) {
            ignore.push(t);
        }
    }

    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    let mut labels: BTreeMap<String, usize> = BTreeMap::new();
    let mut clusters = Vec::new();
    for table in &file.cluster {
        let start = table.span().start;
        let line = toml_file.line(start);
        let shape = table.get_ref();
        let label = shape
            .label
            .as_ref()
            .map(|l| l.get_ref().trim().to_string())
            .unwrap_or_default();
        let name = if label.is_empty() {
            format!("[[cluster]] at line {line}")
        } else {
            format!("cluster '{label}'")
        };
        match toml_file.required(
            shape.label.as_ref(),
            start,
            &name,
            "label",
            "the name to show",
            "the name to show, e.g. label = \"virtual world\"",
        ) {
            Err(problem) => problems.push(problem),
            Ok(l) => {
                if let Some(first) = labels.insert(normalize::fold(&label), line) {
                    problems.push(toml_file.problem(
                        l.span().start,
                        format!("{name}: field 'label' repeats the label of the cluster at line {first}; labels must differ"),
                    ));
                }
            }
        }
        let id = match &shape.id {
            None => None,
            Some(id) => {
                if let Err(message) = check_id(id.get_ref()) {
                    problems.push(
                        toml_file
                            .problem(id.span().start, format!("{name}: field 'id': {message}")),
                    );
                } else if let Some(first) = ids.insert(id.get_ref().clone(), line) {
                    problems.push(toml_file.problem(
                        id.span().start,
                        format!("{name}: field 'id' '{}' is already used by the cluster at line {first}", id.get_ref()),
                    ));
                }
                Some(id.get_ref().clone())
            }
        };
        if shape.terms.is_empty() {
            problems.push(toml_file.problem(
                start,
                format!("{name}: field 'terms' is missing or empty; expected at least one term, e.g. terms = [\"virtual world\", \"virtual space\"]"),
            ));
        }
        let terms: Vec<CuratedTerm> = shape
            .terms
            .iter()
            .filter_map(|t| check_term(t, format!("{name}, field 'terms'"), &mut problems))
            .collect();
        clusters.push(CuratedCluster {
            id,
            label,
            terms,
            note: shape.note.clone(),
            line,
        });
    }
    if problems.is_empty() {
        Ok(CuratedClusters { clusters, ignore })
    } else {
        problems.sort();
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<CuratedClusters, Vec<Problem>> {
        parse(Path::new("corpus/clusters.toml"), text)
    }

    #[test]
    fn a_valid_file_keeps_labels_terms_and_lines() {
        let curated = parse_text(
            "ignore = [\"term\"]\n\n[[cluster]]\nid = \"physical-world\"\nlabel = \"physical world\"\nterms = [\"physical world\", \"real world\"]\nnote = \"same place\"\n",
        )
        .unwrap();
        assert_eq!(curated.ignore[0].text, "term");
        let c = &curated.clusters[0];
        assert_eq!(c.id.as_deref(), Some("physical-world"));
        assert_eq!(c.label, "physical world");
        assert_eq!(c.line, 3);
        assert_eq!(c.terms[1].text, "real world");
        assert_eq!(c.terms[1].line, 6);
    }

    #[test]
    fn every_bad_field_is_reported_with_its_line() {
        let problems = parse_text(
            "[[cluster]]\nlabel = \"\"\nterms = [\"of the\"]\n\n[[cluster]]\nid = \"Bad Id\"\nlabel = \"x\"\nterms = []\n",
        )
        .unwrap_err();
        let found: Vec<_> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(
            found
                .iter()
                .any(|f| f.contains(":2: [[cluster]] at line 1: field 'label' is empty")),
            "{found:#?}"
        );
        assert!(
            found.iter().any(|f| f
                .contains(":3: [[cluster]] at line 1, field 'terms': term 'of the' has no words")),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .any(|f| f.contains(":6: cluster 'x': field 'id': invalid id 'Bad Id'")),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .any(|f| f.contains(":5: cluster 'x': field 'terms' is missing or empty")),
            "{found:#?}"
        );
    }

    #[test]
    fn a_term_in_two_clusters_is_refused_whatever_its_spelling() {
        let problems = parse_text(
            "[[cluster]]\nlabel = \"a\"\nterms = [\"virtual worlds\"]\n[[cluster]]\nlabel = \"b\"\nterms = [\"Virtual World\"]\n",
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].line, Some(6));
        assert!(
            problems[0].message.contains("already listed at line 3"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn an_unknown_field_is_refused_at_its_line() {
        let problems = parse_text("[[cluster]]\nlabel = \"a\"\nterms = [\"x\"]\nlabell = \"b\"\n")
            .unwrap_err();
        assert_eq!(problems[0].line, Some(4));
        assert!(
            problems[0].message.contains("unknown field `labell`"),
            "{}",
            problems[0]
        );
    }
}
