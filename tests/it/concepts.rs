//! Concepts and exports on the committed corpus: the curated decisions as a user sees them, the
//! API and CLI, and every export format read back by a parser of its own.

use crate::helpers::{assert_error, corpus_copy, get, mvterms, state, stderr, stdout};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use mvterms::api::router;
use serde_json::Value;
use tower::ServiceExt;

#[tokio::test]
async fn the_fgmv20_record_and_its_copy_are_one_concept_with_fgmv20_preferred() {
    let (status, c) = get("/v1/concepts/metaverse").await;
    assert_eq!(status, StatusCode::OK, "{c}");
    assert_eq!(c["label"], "metaverse");
    assert_eq!(c["designations"][0]["status"], "preferred");
    let defs = c["definitions"].as_array().unwrap();
    assert_eq!(defs[0]["entry"], "itu-fgmv-20-2023");
    assert_eq!(defs[0]["preferred"], true);
    assert!(defs.iter().any(|d| d["entry"] == "metaverse--fgmv-20"));
    assert_eq!(defs.iter().filter(|d| d["preferred"] == true).count(), 1);
    // Other senses of the word stay concepts of their own.
    assert!(!defs.iter().any(|d| d["entry"] == "collins-2"));
    for id in ["itu-fgmv-20-2023", "metaverse--fgmv-20"] {
        let (_, e) = get(&format!("/v1/entries/{id}")).await;
        assert_eq!(e["concept"], "metaverse", "{e}");
    }
    let (_, other) = get("/v1/entries/collins-2").await;
    assert_ne!(other["concept"], "metaverse");
}

#[tokio::test]
async fn ball_s_three_definitions_supersede_each_other_in_order() {
    let (_, c) = get("/v1/concepts/metaverse").await;
    let defs = c["definitions"].as_array().unwrap();
    let find = |id: &str| defs.iter().find(|d| d["entry"] == id).unwrap().clone();
    assert_eq!(
        find("ball-2021-framework")["superseded_by"],
        "ball-2021-primer"
    );
    assert_eq!(
        find("ball-2021-primer")["supersedes"],
        "ball-2021-framework"
    );
    assert_eq!(find("ball-2021-primer")["superseded_by"], "ball-2022");
    assert!(find("ball-2022").get("superseded_by").is_none());
}

#[tokio::test]
async fn abbreviations_are_designations_of_their_concept() {
    for (id, short) in [
        ("extended-reality", "XR"),
        ("augmented-reality", "AR"),
        ("virtual-reality", "VR"),
        ("mixed-reality", "MR"),
        ("digital-twin", "DT"),
        ("internet-of-things", "IoT"),
    ] {
        let (status, c) = get(&format!("/v1/concepts/{id}")).await;
        assert_eq!(status, StatusCode::OK, "{id}");
        let d = c["designations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["term"] == short)
            .unwrap_or_else(|| panic!("{short} in {c}"));
        assert_eq!(d["type"], "abbreviation");
        assert_eq!(c["designations"][0]["status"], "preferred", "{id}");
    }
    let (_, xr) = get("/v1/concepts/extended-reality").await;
    let sources = xr["designations"][1]["sources"].as_array().unwrap();
    assert!(
        sources.iter().any(
            |s| s == "Khronos OpenXR Specification, Appendix – Abbreviations"
                || s.as_str().unwrap().contains("OpenXR")
        ),
        "{xr}"
    );
}

#[tokio::test]
async fn a_deprecated_spelling_names_what_replaces_it() {
    let (_, c) = get("/v1/concepts/citiverse").await;
    let d = &c["designations"];
    assert_eq!(d[0]["term"], "CitiVerse");
    assert_eq!(d[0]["status"], "preferred");
    assert_eq!(d[1]["term"], "Citiverse");
    assert_eq!(d[1]["type"], "variant");
    assert_eq!(d[1]["status"], "deprecated");
    assert_eq!(d[1]["replaced_by"], "CitiVerse");
    assert_eq!(c["relations"][0]["kind"], "broader");
    assert_eq!(c["relations"][0]["concept"], "metaverse");
    assert!(
        c["grouping"]["place"]
            .as_str()
            .unwrap()
            .starts_with("concepts/metaverse.toml:")
    );
}

#[tokio::test]
async fn concepts_are_paginated_and_filtered() {
    let (status, all) = get("/v1concepts".replace("1c", "1/c").as_str()).await;
    assert_eq!(status, StatusCode::OK);
    let total = all["total"].as_u64().unwrap();
    assert!(total > 150, "{total}");
    let (_, page) = get("/v1/concepts?limit=5&offset=5").await;
    assert_eq!(page["concepts"].as_array().unwrap().len(), 5);
    assert_eq!(page["concepts"][0]["id"], all["concepts"][5]["id"]);
    let (_, dep) = get("/v1/concepts?status=deprecated").await;
    assert!(
        dep["concepts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "citiverse")
    );
    let (_, q) = get("/v1/concepts?q=Aug").await;
    assert!(
        q["concepts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "augmented-reality")
    );
    let (_, m) = get("/v1/concepts?collection=metaverse&limit=1000").await;
    assert!(m["total"].as_u64().unwrap() < total);
    for bad in [
        "/v1/concepts?limit=0",
        "/v1/concepts?status=preferd",
        "/v1/concepts?collection=x",
        "/v1/concepts?sort=id",
    ] {
        let (status, body) = get(bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_error(&body, "invalid_parameter");
    }
    let (status, body) = get("/v1/concepts/no-such-concept").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "concept_not_found");
}

async fn download(uri: &str) -> (StatusCode, String, String, String) {
    let response = router(state())
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let h = |name| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default()
    };
    let (ct, cd) = (h(header::CONTENT_TYPE), h(header::CONTENT_DISPOSITION));
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, ct, cd, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test]
async fn every_export_format_is_served_with_its_type_and_file_name_and_parses() {
    let (_, all) = get("/v1/concepts?limit=1").await;
    let total = all["total"].as_u64().unwrap() as usize;

    let (status, ct, cd, tbx) = download("/v1/export?format=tbx").await;
    assert_eq!(status, StatusCode::OK);
    assert!(ct.starts_with("application/x-tbx+xml"), "{ct}");
    assert_eq!(cd, "attachment; filename=\"mvterms-concepts.tbx\"");
    let mut reader = quick_xml::Reader::from_str(&tbx);
    let mut entries = 0;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == b"conceptEntry" => {
                entries += 1
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(entries, total);
    assert!(tbx.contains("xmlns=\"urn:iso:std:iso:30042:ed-2\""));
    assert!(
        tbx.contains("<termNote type=\"administrativeStatus\">deprecatedTerm-admn-sts</termNote>")
    );

    let (_, ct, cd, ttl) = download("/v1/export?format=skos").await;
    assert!(ct.starts_with("text/turtle"), "{ct}");
    assert!(cd.contains("mvterms-concepts.ttl"));
    let triples: Vec<_> = oxttl::TurtleParser::new()
        .for_slice(ttl.as_bytes())
        .collect::<Result<_, _>>()
        .expect("valid Turtle");
    let skos = |l: &str| format!("http://www.w3.org/2004/02/skos/core#{l}");
    let count = |p: &str| triples.iter().filter(|t| t.predicate.as_str() == p).count();
    assert!(count(&skos("prefLabel")) >= total);
    assert!(count(&skos("hiddenLabel")) >= 1);
    assert!(count(&skos("broader")) >= 1);
    assert!(triples.iter().any(|t| t.object.to_string() == "\"un metaverso è una combinazione di spazi virtuali 3D immersivi connessi tramite una rete, che abilitano interazioni sociali e scambi economici tra utenti e avatar\"@it" || t.object.to_string().ends_with("\"@it")));
    assert!(
        triples
            .iter()
            .any(|t| t.object.to_string().ends_with("\"@ja"))
    );
    assert!(
        triples
            .iter()
            .any(|t| t.predicate.as_str() == "http://purl.org/dc/terms/isReplacedBy")
    );

    let (_, ct, _, skos_json) = download("/v1/export?format=skos-jsonld").await;
    assert_eq!(ct, "application/ld+json");
    let quads: Vec<_> = oxjsonld::JsonLdParser::new()
        .for_slice(skos_json.as_bytes())
        .collect::<Result<_, _>>()
        .expect("valid JSON-LD");
    assert_eq!(
        quads.len(),
        triples.len(),
        "the same graph in both syntaxes"
    );

    let (_, _, cd, schema) = download("/v1/export?format=jsonld").await;
    assert!(cd.contains("mvterms-concepts.schema.jsonld"));
    let doc: Value = serde_json::from_str(&schema).expect("JSON");
    assert_eq!(doc["@type"], "DefinedTermSet");
    assert_eq!(doc["hasDefinedTerm"].as_array().unwrap().len(), total);

    let (_, ct, _, csv) = download("/v1/export?format=csv&collection=metaverse").await;
    assert!(ct.starts_with("text/csv"), "{ct}");
    let mut rows = csv::Reader::from_reader(csv.as_bytes());
    assert_eq!(rows.headers().unwrap().get(0), Some("concept_id"));
    let records: Vec<_> = rows.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(
        records.len(),
        151,
        "one row per definition of the metaverse collection"
    );

    for bad in [
        "/v1/export",
        "/v1/export?format=pdf",
        "/v1/export?format=tbx&base=not%20an%20iri",
    ] {
        let (status, body) = get(bad).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}");
        assert_error(&body, "invalid_parameter");
    }
}

#[test]
fn the_cli_shows_a_concept_and_exports_to_a_file() {
    let out = mvterms(&["concept", "extended-reality"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("XR"), "{}", stdout(&out));
    let out = mvterms(&["concept", "extended-reality", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["id"], "extended-reality");
    let out = mvterms(&["concept", "nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no concept with id 'nope'"),
        "{}",
        stderr(&out)
    );
    let out = mvterms(&["concepts", "--status", "deprecated", "--json"]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["total"].as_u64().unwrap() >= 1);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.ttl");
    let out = mvterms(&[
        "export",
        "--format",
        "skos",
        "--out",
        file.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .contains("skos:ConceptScheme")
    );
    let out = mvterms(&["export", "--format", "pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("expected one of: tbx, skos, skos-jsonld, jsonld, csv"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_curation_file_stops_the_corpus_with_its_line_and_field() {
    let (_dir, corpus) = corpus_copy();
    std::fs::write(
        corpus.join("concepts/bad.toml"),
        "[[concept]]\nid = \"x\"\nreason = \"r\"\nentries = [\"no-such-entry\"]\nbroader = [\"y\"]\n\n[[concept]]\nid = \"y\"\nreason = \"r\"\nentries = [\"itu-fgmv-20-2023\"]\nbroader = [\"x\"]\n",
    )
    .unwrap();
    let out = mvterms(&["concepts", "--corpus", corpus.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.toml:1: concept 'x': field 'entries': unknown entry id 'no-such-entry'"),
        "{err}"
    );
    assert!(
        err.contains("broader/narrower relations form a cycle"),
        "{err}"
    );
    assert!(err.contains("concept 'metaverse': entry 'itu-fgmv-20-2023' is already in concept 'y' (concepts/bad.toml:7)"), "{err}");
}
