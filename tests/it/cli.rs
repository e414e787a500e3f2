//! The CLI through the built binary.

use super::helpers::{corpus_copy, mvterms, root, stderr, stdout};
use serde_json::Value;

#[test]
fn every_command_has_help() {
    for command in [
        "serve", "index", "import", "search", "show", "term", "compare", "clusters",
    ] {
        let out = mvterms(&[command, "--help"]);
        assert!(out.status.success(), "{command}");
        assert!(stdout(&out).contains("Usage: mvterms"), "{command}");
    }
}

#[test]
fn search_prints_term_source_year_and_snippet() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let out = mvterms(&[
        "search",
        "imersive persistant enviroment",
        "--limit",
        "3",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("result(s) for \"imersive persistant enviroment\""),
        "{text}"
    );
    assert!(text.contains("  1. "), "{text}");
    assert!(text.to_lowercase().contains("persistent"), "{text}");
    assert!(text.contains("by kind:"), "{text}");
}

#[test]
fn search_json_is_the_api_object() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let out = mvterms(&[
        "search",
        "digital twin",
        "--json",
        "--limit",
        "5",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let cli: Value = serde_json::from_slice(&out.stdout).unwrap();
    let api = tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(super::helpers::get("/v1/search?q=digital%20twin&limit=5"))
        .1;
    assert_eq!(cli, api);
}

#[test]
fn show_prints_the_entry_and_json_on_request() {
    let out = mvterms(&["show", "ball-2022"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.starts_with("metaverse  [ball-2022]"), "{text}");
    assert!(text.contains("Matthew Ball"));
    let out = mvterms(&["show", "ball-2022", "--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["year"], 2022);
    // The concept, as GET /v1/entries/{id} names it.
    assert_eq!(json["concept"], "metaverse");
    assert!(text.contains("concept       metaverse"), "{text}");
}

#[test]
fn an_unknown_id_exits_2_naming_it() {
    let out = mvterms(&["show", "no-such-entry"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no entry with id 'no-such-entry'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_query_exits_2_with_the_reason() {
    let out = mvterms(&[
        "search",
        "the",
        "--index",
        tempfile::tempdir().unwrap().path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no words to search for"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_corpus_file_is_reported_with_path_and_line_and_the_server_refuses_to_start() {
    let (dir, corpus) = corpus_copy();
    let bad = corpus.join("metaverse/zz-bad.toml");
    std::fs::write(
        &bad,
        "id = \"zz-bad\"\nterm = \"metaverse\"\nkind = \"acadmic\"\ndefinition = \"A world.\"\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("vocabulary/zz-empty.toml"),
        "id = \"zz-empty\"\nterm = \"x\"\ndefinition = \"\"\n",
    )
    .unwrap();
    let index = dir.path().join("index");
    let out = mvterms(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        index.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "{}:3: unknown kind 'acadmic'; expected one of: standards, academic",
            bad.display()
        )),
        "{err}"
    );
    assert!(err.contains("zz-empty.toml:3: empty definition"), "{err}");
    assert!(err.contains("2 problem(s)"), "{err}");
    assert!(
        !index.join("CURRENT").exists(),
        "no index was built from a broken corpus"
    );
}

#[test]
fn a_definition_added_to_the_corpus_is_found_after_a_restart() {
    let (dir, corpus) = corpus_copy();
    let index = dir.path().join("index");
    let args = |q: &'static str| {
        vec![
            "search",
            q,
            "--json",
            "--corpus",
            corpus.to_str().unwrap(),
            "--index",
            index.to_str().unwrap(),
        ]
    };
    let before = mvterms(&args("holodeck"));
    let before: Value = serde_json::from_slice(&before.stdout).unwrap();
    assert_eq!(before["total"], 0);
    std::fs::write(
        corpus.join("metaverse/trek-2024.toml"),
        "id = \"trek-2024\"\nterm = \"metaverse\"\ndefinition = \"A holodeck for everyone.\"\nkind = \"fiction\"\nyear = 2024\n",
    )
    .unwrap();
    let out = mvterms(&args("holodeck"));
    assert!(stderr(&out).contains("index rebuilt"), "{}", stderr(&out));
    let after: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(after["hits"][0]["id"], "trek-2024");
}

#[test]
fn import_refuses_duplicates_and_writes_nothing() {
    let (dir, corpus) = corpus_copy();
    let file = dir.path().join("more.jsonl");
    std::fs::write(
        &file,
        "{\"id\": \"new-2025\", \"term\": \"metaverse\", \"definition\": \"A new world.\", \"kind\": \"media\", \"year\": 2025}\n\
         {\"id\": \"ball-2022\", \"term\": \"metaverse\", \"definition\": \"Again.\"}\n",
    )
    .unwrap();
    let out = mvterms(&[
        "import",
        file.to_str().unwrap(),
        "--collection",
        "metaverse",
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("more.jsonl:2: id 'ball-2022' is already in the corpus"),
        "{}",
        stderr(&out)
    );
    assert!(!corpus.join("metaverse/new-2025.toml").exists());

    std::fs::write(&file, "{\"id\": \"new-2025\", \"term\": \"metaverse\", \"definition\": \"A new world.\", \"kind\": \"media\", \"year\": 2025}\n").unwrap();
    let out = mvterms(&[
        "import",
        file.to_str().unwrap(),
        "--collection",
        "metaverse",
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("imported 1 row(s)"));
    assert!(corpus.join("metaverse/new-2025.toml").exists());
}

#[test]
fn index_builds_and_says_how_many_entries() {
    let dir = tempfile::tempdir().unwrap();
    let out = mvterms(&[
        "index",
        "--corpus",
        root().join("corpus").to_str().unwrap(),
        "--index",
        dir.path().to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).starts_with("indexed 339 entries"),
        "{}",
        stdout(&out)
    );
    assert!(dir.path().join("CURRENT").exists());
}

#[test]
fn a_bad_flag_exits_2() {
    let out = mvterms(&["search", "x", "--kind", "acadmic"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("acadmic"), "{}", stderr(&out));
}
