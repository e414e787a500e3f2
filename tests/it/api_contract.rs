//! The OpenAPI document states the limits the server enforces: for every bounded parameter, its
//! documented minimum and maximum are accepted, one past either end and an empty value are
//! refused with `invalid_parameter`. A change to either side alone fails here.

use crate::helpers::{assert_error, get};
use axum::http::StatusCode;
use serde_json::Value;

/// The schema of a query parameter of `GET path` in the served document.
fn parameter(doc: &Value, path: &str, name: &str) -> Value {
    doc["paths"][path]["get"]["parameters"]
        .as_array()
        .unwrap_or_else(|| panic!("{path} has parameters"))
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{path} documents {name}"))["schema"]
        .clone()
}

#[tokio::test]
async fn documented_ranges_are_the_ranges_the_server_enforces() {
    let (status, doc) = get("/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    // (documented path, request prefix, parameter, the range the README states)
    let cases = [
        ("/v1/search", "/v1/search?q=avatar&", "limit", (1, 100)),
        ("/v1/search", "/v1/search?q=avatar&", "offset", (0, 10_000)),
        ("/v1/terms", "/v1/terms?", "limit", (1, 1000)),
        ("/v1/terms", "/v1/terms?", "offset", (0, 1_000_000_000)),
        (
            "/v1/entries/{id}/similar",
            "/v1/entries/ball-2022/similar?",
            "limit",
            (1, 100),
        ),
    ];
    for (path, prefix, name, (min, max)) in cases {
        let schema = parameter(&doc, path, name);
        assert_eq!(
            schema["minimum"].as_i64(),
            Some(min),
            "{path} {name}: {schema}"
        );
        assert_eq!(
            schema["maximum"].as_i64(),
            Some(max),
            "{path} {name}: {schema}"
        );
        for ok in [min, max] {
            let (status, body) = get(&format!("{prefix}{name}={ok}")).await;
            assert_eq!(status, StatusCode::OK, "{path} {name}={ok}: {body}");
        }
        let mut refused = vec![format!("{}", max + 1), String::new()];
        if min > 0 {
            refused.push(format!("{}", min - 1));
        } else {
            refused.push("-1".into());
        }
        for bad in refused {
            let (status, body) = get(&format!("{prefix}{name}={bad}")).await;
            assert_eq!(
                status,
                StatusCode::BAD_REQUEST,
                "{path} {name}={bad}: {body}"
            );
            assert_error(&body, "invalid_parameter");
        }
    }
}

#[tokio::test]
async fn closed_vocabularies_are_documented_and_an_empty_value_is_refused() {
    let (_, doc) = get("/openapi.json").await;
    let collection = parameter(&doc, "/v1/search", "collection");
    let text = collection.to_string();
    assert!(text.contains("Collection"), "{text}");
    let schemas = &doc["components"]["schemas"];
    let values: Vec<&str> = schemas["Collection"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for value in &values {
        let (status, body) = get(&format!("/v1/search?collection={value}&q=avatar")).await;
        assert_eq!(status, StatusCode::OK, "collection={value}: {body}");
    }
    for bad in ["", "metaverses"] {
        let (status, body) = get(&format!("/v1/search?collection={bad}&q=avatar")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "collection={bad}: {body}");
        assert_error(&body, "invalid_parameter");
    }
    let kinds = schemas["Kind"]["enum"].as_array().unwrap();
    for kind in kinds {
        let kind = kind.as_str().unwrap();
        let (status, body) = get(&format!("/v1/search?kind={kind}")).await;
        assert_eq!(status, StatusCode::OK, "kind={kind}: {body}");
    }
}
