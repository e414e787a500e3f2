//! The committed corpus holds every collected row with every field (ids unchanged).

use super::helpers::root;
use mvterms::corpus::Corpus;
use serde_json::Value;

fn rows(name: &str) -> Option<Vec<Value>> {
    let path = root().join("../shared/data").join(name);
    let text = std::fs::read_to_string(path).ok()?;
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
        eprintln!("../shared/data not present: skipped");
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
