//! Search relevance through the router, on small hand-made corpora whose right order is known:
//! no word required, exact above equivalent above nothing, a registry term beats its scattered
//! words, typos and prefixes, sources, abbreviations, reverse lookup by term, "did you mean".

use super::helpers::{assert_error, hit_ids, mvterms, stdout};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use mvterms::api::{AppState, router};
use mvterms::registry::Registry;
use serde_json::Value;
use std::path::Path;
use tower::ServiceExt;

fn write(dir: &Path, id: &str, term: &str, definition: &str, document: Option<&str>) {
    let mut text =
        format!("id = \"{id}\"\nterm = \"{term}\"\ndefinition = \"{definition}\"\nlang = \"en\"\n");
    if let Some(d) = document {
        text.push_str(&format!("\n[source]\ndocument = \"{d}\"\n"));
    }
    std::fs::write(dir.join("vocabulary").join(format!("{id}.toml")), text).unwrap();
}

/// A small registry: (entries, abbreviations.toml, synonyms.toml).
fn registry() -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("vocabulary")).unwrap();
    write(
        &corpus,
        "vw",
        "virtual world",
        "A persistent simulated place shared by many users.",
        Some("ITU-T Y.3090 (02/2022) Digital twin network"),
    );
    write(
        &corpus,
        "scattered",
        "shared place",
        "A virtual space where the world of each user is kept.",
        None,
    );
    write(
        &corpus,
        "real",
        "counterpart",
        "A copy of the real world kept in step.",
        None,
    );
    write(
        &corpus,
        "physical",
        "mirror",
        "A copy of the physical world kept in step.",
        Some("3GPP TR 23.700-21"),
    );
    write(&corpus, "none", "thing", "An unrelated item.", None);
    write(
        &corpus,
        "xr-1",
        "Extended reality",
        "All combined real and virtual environments.",
        Some("3GPP TR 26.928"),
    );
    write(
        &corpus,
        "xr-2",
        "extended reality",
        "Real and virtual combined, and the interactions.",
        Some("ACM Metaverse Glossary"),
    );
    std::fs::write(
        corpus.join("abbreviations.toml"),
        "[[abbreviation]]\nabbreviation = \"XR\"\nexpansion = \"Extended Reality\"\n",
    )
    .unwrap();
    std::fs::write(
        corpus.join("synonyms.toml"),
        "[[synonym]]\nterms = [\"real world\", \"physical world\"]\nreason = \"both name the world outside\"\n",
    )
    .unwrap();
    let (registry, _) = Registry::open(&corpus, &dir.path().join("index")).unwrap();
    (AppState::new(registry), dir)
}

async fn get(state: &AppState, uri: &str) -> (StatusCode, Value) {
    let response = router(state.clone())
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

#[tokio::test]
async fn a_synonym_only_match_ranks_below_an_exact_match_and_above_nothing() {
    let (state, _dir) = registry();
    let (status, body) = get(&state, "/v1/search?q=real%20world").await;
    assert_eq!(status, StatusCode::OK);
    let found = hit_ids(&body);
    let at = |id: &str| found.iter().position(|x| x == id);
    assert!(at("real").unwrap() < at("physical").unwrap(), "{found:?}");
    assert!(at("none").is_none(), "{found:?}");
    let physical = &body["hits"][at("physical").unwrap()];
    let via = physical["via"][0].as_str().unwrap();
    assert!(
        via.contains("real world ≈ physical world") && via.contains("curated"),
        "{via}"
    );
    assert!(body["hits"][at("real").unwrap()].get("via").is_none());
}

#[tokio::test]
async fn a_multi_word_term_beats_its_scattered_words_and_no_word_is_required() {
    let (state, _dir) = registry();
    let (_, body) = get(&state, "/v1/search?q=virtual%20world").await;
    let found = hit_ids(&body);
    assert_eq!(found[0], "vw", "{found:?}");
    assert!(found.contains(&"scattered".to_string()), "{found:?}");
    // No entry has "headset": entries with the other words are found all the same. (Three
    // words are a description: the term *virtual world* does not have to come first.)
    let (_, body) = get(&state, "/v1/search?q=virtual%20world%20headset").await;
    let found = hit_ids(&body);
    assert!(found.contains(&"vw".to_string()), "{found:?}");
    assert!(found.contains(&"scattered".to_string()), "{found:?}");
    // A quoted phrase or +word is required.
    let (_, body) = get(&state, "/v1/search?q=%2Bheadset%20world").await;
    assert_eq!(body["total"], 0, "{body}");
    let (_, body) = get(&state, "/v1/search?q=world%20-copy").await;
    assert!(
        !hit_ids(&body)
            .iter()
            .any(|id| id == "real" || id == "physical")
    );
}

#[tokio::test]
async fn typos_and_prefixes_find_the_words_they_stand_for() {
    let (state, _dir) = registry();
    for q in ["simulatd", "persis", "virtaul%20wrld"] {
        let (status, body) = get(&state, &format!("/v1/search?q={q}")).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            hit_ids(&body).first().map(String::as_str),
            Some("vw"),
            "{q}: {body}"
        );
        assert!(
            body["hits"][0]["via"].is_array(),
            "{q}: a typo hit says why: {body}"
        );
    }
}

#[tokio::test]
async fn sources_are_searchable_and_filterable_with_or_without_separators() {
    let (state, _dir) = registry();
    for q in ["ITU-T%20Y.3090", "Y3090", "ITUT"] {
        let (_, body) = get(&state, &format!("/v1/search?q={q}")).await;
        assert_eq!(
            hit_ids(&body).first().map(String::as_str),
            Some("vw"),
            "{q}: {body}"
        );
    }
    let (_, body) = get(&state, "/v1/search?q=world&source=3GPP").await;
    assert_eq!(hit_ids(&body), ["physical"]);
    let (_, body) = get(&state, "/v1/search?q=reality").await;
    assert_eq!(body["facets"]["series"]["3GPP"], 1, "{body}");
    assert_eq!(body["facets"]["series"]["ACM"], 1, "{body}");
}

#[tokio::test]
async fn abbreviations_resolve_and_unknown_terms_get_suggestions() {
    let (state, _dir) = registry();
    let (_, body) = get(&state, "/v1/search?q=XR").await;
    let mut found = hit_ids(&body);
    found.sort();
    assert_eq!(found, ["xr-1", "xr-2"]);
    let (status, body) = get(&state, "/v1/terms/XR").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["term"], "extended reality");
    assert_eq!(body["expanded_to"][0], "extended reality");
    assert_eq!(body["entries"].as_array().unwrap().len(), 2);
    // The plural, as texts write it, is the abbreviation too.
    let (status, plural) = get(&state, "/v1/terms/XRs").await;
    assert_eq!(status, StatusCode::OK, "{plural}");
    assert_eq!(plural["expanded_to"], body["expanded_to"], "{plural}");
    assert_eq!(plural["entries"], body["entries"], "{plural}");
    let (status, _) = get(&state, "/v1/terms/xrs").await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "lower-case 'xrs' is a word, not XR"
    );
    let (status, body) = get(&state, "/v1/terms/extended%20realty").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "term_not_found");
    assert_eq!(
        body["error"]["suggestions"][0], "extended reality",
        "{body}"
    );
}

#[tokio::test]
async fn group_by_term_gives_each_term_once_with_its_sources() {
    let (state, _dir) = registry();
    let (status, body) = get(
        &state,
        "/v1/search?q=combined%20real%20and%20virtual&group=term",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let groups = body["groups"].as_array().unwrap();
    assert_eq!(groups[0]["term"], "extended reality", "{body}");
    assert_eq!(groups[0]["count"], 2);
    assert_eq!(groups[0]["sources"].as_array().unwrap().len(), 2);
    // The concepts its definitions define, each once, as the entries say.
    let mut expected: Vec<String> = Vec::new();
    for id in groups[0]["ids"].as_array().unwrap() {
        let (_, entry) = get(&state, &format!("/v1/entries/{}", id.as_str().unwrap())).await;
        let concept = entry["concept"]
            .as_str()
            .unwrap_or_else(|| panic!("entry {id} names its concept: {entry}"))
            .to_string();
        if !expected.contains(&concept) {
            expected.push(concept);
        }
    }
    assert_eq!(groups[0]["concepts"], serde_json::json!(expected), "{body}");
    let terms: Vec<&str> = groups.iter().map(|g| g["term"].as_str().unwrap()).collect();
    let mut unique = terms.clone();
    unique.dedup();
    assert_eq!(terms, unique);
}

#[tokio::test]
async fn bad_search_input_is_a_400_with_a_stable_code() {
    let (state, _dir) = registry();
    let (status, body) = get(&state, "/v1/search?q=-world").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "invalid_query");
    let (status, body) = get(&state, "/v1/search?q=world&group=kind").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "invalid_parameter");
    // Many words with many expansions still answer, and say when expansions were capped.
    let q = "vitual wrld simulatd persis realty copi physcal counterprt ".repeat(3);
    let (status, body) = get(&state, &format!("/v1/search?q={}", q.replace(' ', "%20"))).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["capped"].is_boolean());
}

#[test]
fn the_cli_finds_common_words_typed_wrong_and_says_why() {
    let out = mvterms(&["search", "interoperabilty", "--limit", "3"]);
    let text = stdout(&out);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("Interoperability"), "{text}");
    assert!(
        text.contains("via interoperabilty → interoperability"),
        "{text}"
    );
    let out = mvterms(&[
        "search",
        "avatar",
        "--collection",
        "vocabulary",
        "--group",
        "term",
    ]);
    let text = stdout(&out);
    assert!(text.contains("avatar — 7 definitions from"), "{text}");
    let out = mvterms(&["search", "x", "--term", "avatr"]);
    let text = stdout(&out);
    assert!(text.contains("did you mean: avatar"), "{text}");
}

/// A vocabulary whose definitions share no word with the descriptions asked of them.
fn meaning_registry() -> (AppState, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("vocabulary")).unwrap();
    for (id, term, definition) in [
        (
            "reloc",
            "relocalization",
            "Estimating the pose of the device again when tracking is lost.",
        ),
        (
            "haptics",
            "haptics",
            "Recreating touch through forces and vibrations.",
        ),
        ("fov", "field of view", "The angle of the visible area."),
        (
            "latency",
            "motion-to-photon latency",
            "The delay between a movement of the head and the updated image.",
        ),
        ("kettle", "kettle", "An appliance that boils water."),
    ] {
        write(&corpus, id, term, definition, None);
    }
    let (registry, _) = Registry::open(&corpus, &dir.path().join("index")).unwrap();
    (AppState::new(registry), dir)
}

#[tokio::test]
async fn a_description_finds_the_definition_that_says_it_in_other_words() {
    let (state, _dir) = meaning_registry();
    // No word of it is in the definition of *haptics*, nor in any other.
    let (status, body) = get(
        &state,
        "/v1/search?q=feeling%20something%20by%20pressure%20and%20shaking&group=term",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["groups"][0]["term"], "haptics", "{body}");
    let via: Vec<&str> = body["hits"][0]["via"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        via.iter()
            .any(|v| v.starts_with("meaning: 1st nearest in meaning")
                && v.contains("without its words")),
        "{via:?}"
    );
    assert!(
        !hit_ids(&body).contains(&"kettle".to_string()),
        "nothing far in meaning: {body}"
    );
    // With a word of the query in it, the right entry is first too, found by both.
    let (_, body) = get(
        &state,
        "/v1/search?q=finding%20the%20position%20again%20after%20tracking%20fails",
    )
    .await;
    assert_eq!(hit_ids(&body)[0], "reloc", "{body}");
}

/// Three long definitions of one notion that differ in one clause each: as wholes they are
/// all about equally near any query; one passage of each says what the others do not.
#[tokio::test]
async fn a_description_finds_the_definition_one_of_whose_passages_says_it() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(corpus.join("vocabulary")).unwrap();
    let common = "A persistent network of shared three-dimensional spaces, rendered in real time and open to many users at once,";
    for (id, rest) in [
        (
            "together",
            "in which people far apart can be together and talk as if they were in one room.",
        ),
        (
            "economy",
            "with an economy of digital goods that users buy, sell and own through tokens and wallets.",
        ),
        (
            "making",
            "built on game engines, where users make and program their own objects, buildings and worlds.",
        ),
    ] {
        write(&corpus, id, "metaverse", &format!("{common} {rest}"), None);
    }
    let (registry, _) = Registry::open(&corpus, &dir.path().join("index")).unwrap();
    let state = AppState::new(registry);
    // No word of the query is in any definition: meaning alone finds it, by one passage.
    let (status, body) = get(
        &state,
        "/v1/search?q=meeting%20friends%20who%20live%20on%20other%20continents",
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(hit_ids(&body)[0], "together", "{body}");
    let via = body["hits"][0]["via"].to_string();
    assert!(
        via.contains("1st nearest in meaning")
            && via.contains("far apart can be together")
            && via.contains("without its words"),
        "the passage that says it: {via}"
    );
    // Words and meaning agree ("buying" is "buy"): first by both, nothing unrelated after.
    let (_, body) = get(
        &state,
        "/v1/search?q=buying%20and%20selling%20virtual%20property",
    )
    .await;
    assert_eq!(hit_ids(&body), ["economy"], "{body}");
}

#[tokio::test]
async fn meaning_leaves_names_and_required_words_alone() {
    let (state, _dir) = meaning_registry();
    // One or two words name a notion: the words decide, and nothing comes by meaning alone.
    let (_, body) = get(&state, "/v1/search?q=vibrations").await;
    assert_eq!(hit_ids(&body), ["haptics"], "{body}");
    // A required word is required.
    let (_, body) = get(&state, "/v1/search?q=feeling%20pressure%20%2Bshaking").await;
    assert_eq!(body["total"], 0, "{body}");
}

#[test]
fn the_cli_says_a_hit_came_by_meaning() {
    let (_state, dir) = meaning_registry();
    let corpus = dir.path().join("corpus");
    let out = mvterms(&[
        "search",
        "feeling something by pressure and shaking",
        "--corpus",
        corpus.to_str().unwrap(),
        "--index",
        dir.path().join("index").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let text = stdout(&out);
    assert!(text.contains("1. haptics"), "{text}");
    assert!(
        text.contains("via meaning: 1st nearest in meaning"),
        "{text}"
    );
}
