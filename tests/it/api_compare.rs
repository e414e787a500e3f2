//! Compare, nearest definitions and clusters through the router.

use super::helpers::{assert_error, get, send};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

async fn post_compare(body: Value) -> (StatusCode, Value) {
    send(
        Request::post("/v1/compare")
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .unwrap(),
    )
    .await
}

fn labels(v: &Value) -> Vec<&str> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn comparing_balls_versions_gives_items_pairs_shared_distinct_and_diffs() {
    let (status, body) = post_compare(json!({
        "ids": ["ball-2021-primer", "ball-2022", "ball-2021-framework"]
    }))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    for key in ["items", "pairs", "shared", "distinct", "diff"] {
        assert!(body.get(key).is_some(), "{key} in {body}");
    }
    let items = body["items"].as_array().unwrap();
    assert_eq!(items[0]["id"], "ball-2021-primer");
    assert!(
        items[0]["text"]
            .as_str()
            .unwrap()
            .starts_with("The Metaverse is")
    );
    assert!(labels(&items[0]["characteristics"]).contains(&"virtual worlds and spaces"));
    let pairs = body["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 3);
    assert_eq!(
        (pairs[0]["a"].as_u64(), pairs[0]["b"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        pairs[0]["method"],
        "characteristics_idf_cosine*0.7+tfidf_cosine*0.3"
    );
    assert!(pairs[0]["similarity"].as_f64().unwrap() > 0.9);
    assert!(pairs[0]["characteristic_similarity"].as_f64().unwrap() > 0.9);
    assert!(pairs[0]["word_similarity"].as_f64().unwrap() > 0.8);
    assert_eq!(body["distinct"].as_array().unwrap().len(), 3);
    let diff = &body["diff"][0];
    assert_eq!(diff["changes"], 3);
    assert!(
        diff["ops"]
            .as_array()
            .unwrap()
            .contains(&json!({"op": "replace", "a": "which", "b": "that"})),
        "{diff}"
    );
}

#[tokio::test]
async fn an_id_and_a_text_can_be_mixed_and_a_text_has_no_id() {
    let (status, body) = post_compare(json!({
        "ids": ["itu-fgmv-20-2023"],
        "texts": ["A persistent shared virtual space where users meet as avatars."]
    }))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["items"][1].get("id").is_none());
    let fgmv20 = &body["items"][1]["fgmv20"];
    assert!(labels(&fgmv20["expresses"]).contains(&"virtual worlds"));
    assert!(labels(&fgmv20["expresses"]).contains(&"users"));
    assert!(labels(&fgmv20["lacks"]).contains(&"immersive experiences"));
    assert!(
        fgmv20["summary"]
            .as_str()
            .unwrap()
            .starts_with("expresses 2 of 7; lacks integrative ecosystem, immersive experiences"),
        "{fgmv20}"
    );
}

#[tokio::test]
async fn one_text_with_nearest_is_compared_with_the_whole_corpus() {
    let (status, body) = post_compare(json!({
        "texts": ["a three-dimensional online environment in which users represented by avatars interact"],
        "nearest": 3,
        "collection": "metaverse"
    }))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let nearest = body["items"][0]["nearest"].as_array().unwrap();
    assert_eq!(nearest.len(), 3);
    assert_eq!(nearest[0]["id"], "interpol-2024");
    assert!(nearest[0]["shared"].as_array().is_some());
}

#[tokio::test]
async fn bad_compare_requests_get_a_clear_error() {
    let (status, body) = post_compare(json!({"ids": ["ball-2022", "no-such-entry"]})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "entry_not_found");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no-such-entry")
    );

    let (status, body) = post_compare(json!({"ids": ["ball-2022"]})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "invalid_body");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at least two items")
    );

    for (request, expected) in [
        (
            json!({"ids": ["ball-2022"], "texts": [""]}),
            "item 2 is an empty text",
        ),
        (
            json!({"ids": ["ball-2022"], "texts": ["x".repeat(20_000)]}),
            "the limit is 10000",
        ),
        (
            json!({"ids": ["ball-2022"], "texts": ["..."]}),
            "has no words",
        ),
        (
            json!({"ids": ["ball-2022", "ball-2022"], "nearest": 1000}),
            "nearest 1000",
        ),
        (
            json!({"ids": ["ball-2022"], "textz": ["a b"]}),
            "unknown field `textz`",
        ),
        (
            json!({"texts": ["a b"], "nearest": 2, "collection": "vocab"}),
            "unknown collection",
        ),
    ] {
        let (status, body) = post_compare(request.clone()).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{request}: {body}");
        assert_error(&body, "invalid_body");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(expected), "{request}: {message}");
    }

    let (status, body) = send(
        Request::post("/v1/compare")
            .header("content-type", "text/plain")
            .body(Body::from("ball-2022"))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_error(&body, "unsupported_media_type");
}

#[tokio::test]
async fn similar_lists_the_nearest_definitions_of_an_entry() {
    let (status, body) = get("/v1/entries/ritterbusch-teichmann-2023/similar?limit=3").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["method"],
        "characteristics_idf_cosine*0.7+tfidf_cosine*0.3"
    );
    let similar = body["similar"].as_array().unwrap();
    assert_eq!(similar.len(), 3);
    assert_eq!(similar[0]["id"], "interpol-2024");
    assert_eq!(similar[0]["similarity"], 1.0);
    assert!(
        similar
            .iter()
            .all(|s| s["id"] != "ritterbusch-teichmann-2023")
    );

    let (status, body) = get("/v1/entries/nope/similar").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "entry_not_found");
    let (status, body) = get("/v1/entries/ball-2022/similar?limit=0").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "invalid_parameter");
    let (status, body) = get("/v1/entries/ball-2022/similar?limt=3").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "invalid_parameter");
}

#[tokio::test]
async fn an_entry_shows_its_characteristics_and_fgmv20_coverage() {
    let (status, body) = get("/v1/entries/ball-2022/characteristics").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["id"], "ball-2022");
    assert!(labels(&body["fgmv20"]["lacks"]).contains(&"integrative ecosystem"));
    assert!(labels(&body["fgmv20"]["expresses"]).contains(&"immersive experiences"));
    let (status, body) = get("/v1/entries/nope/characteristics").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "entry_not_found");
}

#[tokio::test]
async fn clusters_have_the_contract_shape() {
    let (status, body) = get("/v1/clusters").await;
    assert_eq!(status, StatusCode::OK);
    let clusters = body["clusters"].as_array().unwrap();
    assert!(clusters.len() > 30);
    let table = clusters.iter().filter(|c| c["in_table"] == true).count();
    assert!((12..=30).contains(&table), "{table}");
    for c in clusters {
        for key in ["id", "label", "terms", "entries", "share"] {
            assert!(c.get(key).is_some(), "{key} in {c}");
        }
        for t in c["terms"].as_array().unwrap() {
            for key in ["term", "count", "why"] {
                assert!(t.get(key).is_some(), "{key} in {t}");
            }
        }
    }
    assert_eq!(clusters[0]["label"], "virtual worlds and spaces");
    assert!(body["table_coverage"].as_f64().unwrap() >= 0.9);
    assert!(body["left_out"].as_array().unwrap().len() > 50);
    assert_eq!(body["fgmv20"]["characteristics"][0]["role"], "genus");
    assert_eq!(body["base"]["definitions"], 132);
    assert_eq!(body["fgmv20"]["id"], "itu-fgmv-20-2023");
    let (_, again) = get("/v1/clusters").await;
    assert_eq!(body, again, "the same answer every time");
}

#[tokio::test]
async fn the_chart_is_an_svg_image_of_the_table() {
    let response = mvterms::api::router(super::helpers::state())
        .oneshot(
            Request::builder()
                .uri("/v1/clusters.svg")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"],
        "image/svg+xml; charset=utf-8"
    );
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let svg = String::from_utf8(bytes.to_vec()).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains("virtual worlds and spaces"));
    assert!(svg.contains("standards &amp; government"));
    assert!(svg.trim_end().ends_with("</svg>"));
}
