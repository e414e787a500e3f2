//! The check, `/v1/terms` and search on the concept layer of the committed corpus and its
//! curation (`corpus/concepts/`): deprecated and variant designations, abbreviations, concept
//! ids — through the CLI and the API alike.

use crate::helpers::{get, mvterms, send, stderr, stdout};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::Value;

const DRAFT: &str = "1 Scope\n\nThis Recommendation describes the Citiverse for cities.\n\n3 Definitions\n\n3.1 Terms defined elsewhere\n\nNone.\n\n3.2 Terms defined in this Recommendation\n\nNone.\n\n5 Overview\n\nA CitiVerse offers city services. Extended reality devices show it; XR content is streamed in real time by real-time services.\n";

/// (rule, line, column) of the registry rules' findings.
fn registry_findings(findings: &Value) -> Vec<(String, u64, u64)> {
    findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "deprecated-term" || f["rule"] == "synonym-mix")
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn cli_and_api_flag_the_curated_deprecated_spelling_and_the_mixes_alike() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.txt");
    std::fs::write(&path, DRAFT).unwrap();
    let out = mvterms(&[
        "check",
        "--corpus",
        "corpus",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let cli: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let cli_findings = &cli["files"][0]["findings"];
    let expected = vec![
        ("deprecated-term".to_string(), 3, 35),
        ("synonym-mix".to_string(), 3, 35),
        ("synonym-mix".to_string(), 17, 69),
    ];
    assert_eq!(registry_findings(cli_findings), expected, "{cli_findings}");
    let deprecated = cli_findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "deprecated-term")
        .unwrap();
    let suggestion = deprecated["suggestion"].as_str().unwrap();
    assert!(
        suggestion.contains("‘CitiVerse’") && suggestion.contains("FGMV-34"),
        "{suggestion}"
    );

    let request = Request::post("/v1/check")
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(DRAFT))
        .unwrap();
    let (status, api) = send(request).await;
    assert_eq!(status, StatusCode::OK, "{api}");
    assert_eq!(registry_findings(&api["findings"]), expected, "{api}");
}

#[tokio::test]
async fn terms_resolve_abbreviations_and_variants_through_their_concepts() {
    let (status, xr) = get("/v1/terms/XR").await;
    assert_eq!(status, StatusCode::OK, "{xr}");
    assert_eq!(xr["term"], "extended reality");
    assert_eq!(xr["concepts"][0]["id"], "extended-reality", "{xr}");
    let designations = xr["concepts"][0]["designations"].as_array().unwrap();
    assert!(
        designations
            .iter()
            .any(|d| d["term"] == "XR" && d["type"] == "abbreviation"),
        "{xr}"
    );
    assert!(!xr["entries"].as_array().unwrap().is_empty());
    // Any case of a short form.
    let (status, lower) = get("/v1/terms/xr").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(lower["concepts"], xr["concepts"]);

    let (status, citiverse) = get("/v1/terms/Citiverse").await;
    assert_eq!(status, StatusCode::OK, "{citiverse}");
    let c = &citiverse["concepts"][0];
    assert_eq!(c["id"], "citiverse");
    let deprecated = c["designations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["term"] == "Citiverse")
        .expect("the deprecated spelling is a designation");
    assert_eq!(deprecated["status"], "deprecated");
    assert_eq!(deprecated["replaced_by"], "CitiVerse");

    // A concept no entry defines yet: its designations and notes, no definitions.
    let (status, rt) = get("/v1/terms/real%20time").await;
    assert_eq!(status, StatusCode::OK, "{rt}");
    assert_eq!(rt["expanded_to"][0], "real-time");
    assert_eq!(rt["concepts"][0]["id"], "real-time");
    assert!(rt["entries"].as_array().unwrap().is_empty());
    assert!(!rt["concepts"][0]["notes"].as_array().unwrap().is_empty());

    let (status, missing) = get("/v1/terms/citivrse").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(missing["error"]["code"], "term_not_found");
    assert!(
        missing["error"]["suggestions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "citiverse"),
        "{missing}"
    );
}

#[tokio::test]
async fn cli_term_answers_what_the_api_answers() {
    let (_, api) = get("/v1/terms/XR").await;
    let out = mvterms(&["term", "XR", "--json", "--corpus", "corpus"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let cli: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(cli, api);
    let human = stdout(&mvterms(&["term", "real time", "--corpus", "corpus"]));
    assert!(
        human.contains("[real-time]") && human.contains("real time — admitted variant"),
        "{human}"
    );
    let out = mvterms(&["term", "citivrse", "--corpus", "corpus"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("did you mean: citiverse"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn search_hits_name_the_concept_their_entry_defines_as_entries_do() {
    let (status, body) = get("/v1/search?q=extended%20reality").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let hits = body["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for hit in hits {
        let id = hit["id"].as_str().unwrap();
        let (_, entry) = get(&format!("/v1/entries/{id}")).await;
        assert_eq!(hit["concept"], entry["concept"], "{id}");
        assert!(hit["concept"].is_string(), "{hit}");
    }
    assert!(
        hits.iter()
            .any(|h| h["id"] == "extended-reality--3gpp-tr26928"
                && h["concept"] == "extended-reality")
    );
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    let out = mvterms(&[
        "search",
        "extended reality",
        "--corpus",
        "corpus",
        "--index",
        index.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("concept extended-reality"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test]
async fn the_openapi_document_states_the_concept_fields() {
    let (_, doc) = get("/openapi.json").await;
    let schemas = &doc["components"]["schemas"];
    assert!(
        schemas["Hit"]["properties"]["concept"].is_object(),
        "{}",
        schemas["Hit"]
    );
    assert!(schemas["TermEntries"]["properties"]["concepts"].is_object());
    assert!(schemas["TermConcept"]["properties"]["designations"].is_object());
}
