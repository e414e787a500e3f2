//! The committed corpus holds every collected row with every field (ids unchanged).

use super::helpers::{root, shared_dir};
use mvterms::corpus::Corpus;
use serde_json::Value;

fn rows(name: &str) -> Option<Vec<Value>> {
    let path = shared_dir("data")?.join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Some(
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    )
}

/// JSON null and absent mean the same; `status` defaults to `admitted`.
fn same(field: &str, collected: &Value, stored: &Value) -> bool {
    match (collected, stored) {
        (Value::Null, Value::Null) => true,
        (Value::Null, Value::String(s)) if field == "status" => s == "admitted",
        (Value::Object(a), Value::Object(b)) => a
            .iter()
            .all(|(k, v)| same(k, v, b.get(k).unwrap_or(&Value::Null))),
        _ => collected == stored,
    }
}

#[test]
fn every_collected_row_is_in_the_corpus_with_every_field() {
    let corpus = Corpus::load(&root().join("corpus")).unwrap();
    let (Some(definitions), Some(vocabulary)) = (
        rows("metaverse-definitions.jsonl"),
        rows("vocabulary.jsonl"),
    ) else {
        return;
    };
    assert_eq!(definitions.len(), 151);
    assert_eq!(vocabulary.len(), 188);
    for (rows, collection) in [(definitions, "metaverse"), (vocabulary, "vocabulary")] {
        for row in rows {
            let id = row["id"].as_str().unwrap();
            let entry = corpus.get(id).unwrap_or_else(|| panic!("{id} missing"));
            let stored = serde_json::to_value(entry).unwrap();
            assert_eq!(stored["collection"], collection);
            for (field, value) in row.as_object().unwrap() {
                let got = stored.get(field).unwrap_or(&Value::Null);
                assert!(
                    same(field, value, got),
                    "{id}.{field}: collected {value}, stored {got}"
                );
            }
        }
    }
}

#[test]
fn every_collected_abbreviation_is_in_the_corpus() {
    let corpus = Corpus::load(&root().join("corpus")).unwrap();
    let Some(rows) = rows("abbreviations.jsonl") else {
        return;
    };
    assert_eq!(rows.len(), corpus.abbreviations().len());
    for (row, stored) in rows.iter().zip(corpus.abbreviations()) {
        assert!(
            same("", row, &serde_json::to_value(stored).unwrap()),
            "{row}"
        );
    }
}

/// Where a text was read (`source.seen_at`) is what a reader can follow: a web address, a file of
/// a public repository (`owner/name:path`, with its commit), or a plain-words description. A
/// search tool's internal hit or file number would tell a reader nothing.
fn is_followable_place(seen_at: &str) -> bool {
    let lower = seen_at.to_lowercase();
    if ["find_string", "file id", "search hit"]
        .iter()
        .any(|m| lower.contains(m))
    {
        return false;
    }
    // An address, possibly followed by a remark ("(mirror of …)").
    if seen_at.starts_with("https://") || seen_at.starts_with("http://") {
        return true;
    }
    // A bare record number ("id 58557092471") is nobody's address.
    if lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w.len() >= 6 && w.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let repository_file = seen_at.starts_with("github:")
        || seen_at
            .split_once(':')
            .is_some_and(|(repo, path)| repo.split('/').count() == 2 && !path.trim().is_empty());
    let words = seen_at
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    repository_file || words >= 4
}

#[test]
fn every_seen_at_is_a_place_a_reader_can_follow() {
    let corpus = Corpus::load(&root().join("corpus")).unwrap();
    let bad: Vec<String> = corpus
        .entries()
        .iter()
        .filter_map(|e| {
            let seen_at = e.source.seen_at.as_deref()?;
            (!is_followable_place(seen_at)).then(|| format!("{}: {seen_at}", e.id))
        })
        .collect();
    assert!(
        bad.is_empty(),
        "seen_at that a reader cannot follow:\n{}",
        bad.join("\n")
    );
}

#[test]
fn a_search_tools_hit_number_is_not_a_place() {
    assert!(!is_followable_place(
        "github find_string hit, file id 58557092471"
    ));
    assert!(!is_followable_place("file id 1679246888"));
    assert!(is_followable_place(
        "https://wiki.ietf.org/group/vwrap/glossary"
    ));
    assert!(is_followable_place(
        "KhronosGroup/OpenXR-Docs:specification/sources/chapters/appendix.adoc"
    ));
    assert!(is_followable_place(
        "a public GitHub copy of the text; its repository path was not recorded"
    ));
}
