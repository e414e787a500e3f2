//! `mvterms compare` and `mvterms clusters` through the built binary.

use super::helpers::{corpus_copy, mvterms, stderr, stdout};
use serde_json::Value;

#[test]
fn compare_shows_characteristics_similarity_and_a_word_diff() {
    let out = mvterms(&["compare", "ball-2021-primer", "ball-2022"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(text.contains("[1] ball-2021-primer"), "{text}");
    assert!(
        text.contains("characteristics: virtual worlds and spaces"),
        "{text}"
    );
    assert!(
        text.contains("similarity (characteristics_idf_cosine*0.7+tfidf_cosine*0.3)"),
        "{text}"
    );
    assert!(
        text.contains("diff [1] ball-2021-primer → [2] ball-2022: 3 changes"),
        "{text}"
    );
    assert!(text.contains("[-which-]{+that+}"), "{text}");
    assert!(text.contains("  ~ replaced \"which\" → \"that\""), "{text}");
    assert!(
        text.contains("  + added    \"with an individual sense of presence\""),
        "{text}"
    );
}

#[test]
fn compare_json_is_the_api_object_and_texts_are_quoted_arguments() {
    let out = mvterms(&[
        "compare",
        "interpol-2024",
        "a three-dimensional online environment",
        "--json",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let body: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(body["items"][0]["id"], "interpol-2024");
    assert!(body["items"][1].get("id").is_none());
    assert_eq!(
        body["pairs"][0]["method"],
        "characteristics_idf_cosine*0.7+tfidf_cosine*0.3"
    );
}

#[test]
fn compare_refuses_unknown_ids_and_a_single_item_with_exit_2() {
    let out = mvterms(&["compare", "ball-2022", "no-such-entry"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no entry with id 'no-such-entry'"),
        "{}",
        stderr(&out)
    );
    let out = mvterms(&["compare", "ball-2022"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--nearest"), "{}", stderr(&out));
    let out = mvterms(&["compare", "ball-2022", "--nearest", "2"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("nearest definitions:"));
}

#[test]
fn clusters_prints_the_table_json_and_a_markdown_report() {
    let out = mvterms(&["clusters"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.contains("virtual worlds and spaces"), "{table}");
    assert!(table.contains("FGMV-20"), "{table}");
    // The table only; the rest behind --all.
    assert!(!table.contains("Not characteristics:"), "{table}");
    let all = stdout(&mvterms(&["clusters", "--all"]));
    assert!(all.contains("Not characteristics:"), "{all}");
    assert!(all.contains("allows"), "{all}");

    let out = mvterms(&["clusters", "--json"]);
    let body: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(body["clusters"][0]["label"], "virtual worlds and spaces");
    let out = mvterms(&["clusters", "--json", "--no-curation"]);
    let computed: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(computed["clusters"][0]["label"], "virtual world");
    assert!(
        computed["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["curated"] == false)
    );

    let out = mvterms(&["clusters", "--format", "svg"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).starts_with("<svg"));
    let out = mvterms(&["clusters", "--format", "html"]);
    assert!(stdout(&out).starts_with("<!DOCTYPE html>"));

    let out = mvterms(&["clusters", "--format", "md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let md = stdout(&out);
    for heading in [
        "# Characteristics of the collected definitions of *metaverse*",
        "## Characteristic table",
        "## FGMV-20 and its characteristics",
        "## Breakdown by kind of source",
        "## The characteristics",
        "<svg xmlns=",
        "## How it was computed",
    ] {
        assert!(md.contains(heading), "{heading}");
    }
    assert_eq!(
        md,
        stdout(&mvterms(&["clusters", "--format", "md"])),
        "deterministic"
    );
}

#[test]
fn clusters_entry_shows_what_fgmv20_has_that_the_definition_lacks() {
    let out = mvterms(&["clusters", "--entry", "ball-2022"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(
            "FGMV-20: expresses 5 of 7; lacks integrative ecosystem, physical world; adds"
        ),
        "{text}"
    );
    let out = mvterms(&["clusters", "--entry", "nope"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_editors_file_wins_and_a_bad_one_is_refused_with_its_line() {
    let (_dir, corpus) = corpus_copy();
    std::fs::write(
        corpus.join("clusters.toml"),
        "[[cluster]]\nid = \"physical-world\"\nlabel = \"physical world\"\nterms = [\"physical world\", \"real world\", \"physical reality\"]\n",
    )
    .unwrap();
    let out = mvterms(&["clusters", "--json", "--corpus", corpus.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let body: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let pinned = body["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "physical-world")
        .expect("the editors' cluster");
    assert_eq!(pinned["curated"], true);
    let terms: Vec<&str> = pinned["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["term"].as_str().unwrap())
        .collect();
    assert!(
        terms.contains(&"real world") && terms.contains(&"physical world"),
        "{terms:?}"
    );

    std::fs::write(
        corpus.join("clusters.toml"),
        "[[cluster]]\nlabel = \"x\"\nterms = []\n",
    )
    .unwrap();
    let out = mvterms(&["clusters", "--corpus", corpus.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("clusters.toml:1: cluster 'x': field 'terms' is missing or empty"),
        "{}",
        stderr(&out)
    );
}
