//! The HTTP API through the router (and once through a real socket).

use super::helpers::{assert_error, get, send, state};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use tower::ServiceExt;

#[tokio::test]
async fn searching_avatar_gives_ranked_highlighted_hits_with_facets() {
    let (status, body) = get("/v1/search?q=avatar").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["query"], "avatar");
    let hits = body["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 10);
    for field in [
        "id",
        "term",
        "definition",
        "collection",
        "kind",
        "year",
        "source",
        "score",
        "highlight",
    ] {
        assert!(hits[0].get(field).is_some(), "hit has {field}: {}", hits[0]);
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert!(
        hits.iter()
            .any(|h| h["highlight"]["html"].as_str().unwrap().contains("<mark>"))
    );
    let total = body["total"].as_u64().unwrap();
    let by_collection: u64 = body["facets"]["collection"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(by_collection, total);
}

#[tokio::test]
async fn filters_and_paging_are_applied() {
    let (_, body) = get("/v1/search?q=virtual&collection=metaverse&kind=academic&year_from=2021&year_to=2022&limit=3&offset=1").await;
    for hit in body["hits"].as_array().unwrap() {
        assert_eq!(hit["collection"], "metaverse");
        assert_eq!(hit["kind"], "academic");
        let year = hit["year"].as_i64().unwrap();
        assert!((2021..=2022).contains(&year));
    }
    assert_eq!(body["offset"], 1);
    assert_eq!(body["limit"], 3);
    let (status, body) = get("/v1/search?term=metaverse&collection=metaverse&limit=100").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["total"], 142,
        "142 collected definitions define 'metaverse'"
    );
}

#[tokio::test]
async fn each_error_code_has_its_status_and_shape() {
    let cases = [
        ("/v1/search?q=", StatusCode::BAD_REQUEST, "invalid_query"),
        (
            "/v1/search?q=%22%22",
            StatusCode::BAD_REQUEST,
            "invalid_query",
        ),
        ("/v1/search?q=the", StatusCode::BAD_REQUEST, "invalid_query"),
        (
            "/v1/search?q=x&limit=0",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/v1/search?q=x&limit=ten",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/v1/search?q=x&kind=acadmic",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/v1/search?q=x&yearfrom=2020",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/v1/search?q=x&year_from=2024&year_to=2020",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/v1/entries/no-such-entry",
            StatusCode::NOT_FOUND,
            "entry_not_found",
        ),
        (
            "/v1/terms/no%20such%20term",
            StatusCode::NOT_FOUND,
            "term_not_found",
        ),
        (
            "/v1/terms?limit=0",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        ("/v2/anything", StatusCode::NOT_FOUND, "not_found"),
        (
            "/v1/search?q=a&q=b",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/v1/entries/%FF",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
        (
            "/v1/terms/%FF%FE",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
        ),
    ];
    for (uri, status, code) in cases {
        let (got, body) = get(uri).await;
        assert_eq!(got, status, "{uri}: {body}");
        assert_error(&body, code);
    }
    let (got, body) = send(Request::delete("/v1/search").body(Body::empty()).unwrap()).await;
    assert_eq!(got, StatusCode::METHOD_NOT_ALLOWED);
    assert_error(&body, "method_not_allowed");
}

#[tokio::test]
async fn the_message_names_the_bad_value_and_what_is_accepted() {
    let (_, body) = get("/v1/search?q=x&kind=acadmic").await;
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("'acadmic'") && message.contains("academic, industry"),
        "{message}"
    );
}

#[tokio::test]
async fn whatever_is_typed_the_answer_is_results_or_a_400() {
    for q in [
        "%22",
        "%22%22%22",
        "***",
        "%00",
        "%F0%9F%92%A5",
        "(((",
        "-",
        "AND%20OR",
        "a%22b%22c",
        "%E2%80%AE",
        "x".repeat(1200).as_str(),
    ] {
        let (status, body) = get(&format!("/v1/search?q={q}")).await;
        assert!(
            status == StatusCode::OK || status == StatusCode::BAD_REQUEST,
            "{q}: {status} {body}"
        );
        if status == StatusCode::BAD_REQUEST {
            assert!(
                ["invalid_query", "invalid_parameter"]
                    .contains(&body["error"]["code"].as_str().unwrap()),
                "{body}"
            );
        }
    }
}

#[tokio::test]
async fn an_entry_has_all_its_fields() {
    let (status, body) = get("/v1/entries/itu-fgmv-20-2023").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "preferred");
    assert_eq!(body["source"]["document"], "FGMV-20");
    assert_eq!(
        body["notes"][0],
        "NOTE – A metaverse can be virtual, augmented, representative of, or associated with the physical world."
    );
}

#[tokio::test]
async fn terms_are_listed_and_looked_up_case_insensitively() {
    let (_, page) = get("/v1/terms?limit=1000").await;
    let terms: Vec<&str> = page["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["term"].as_str().unwrap())
        .collect();
    assert!(terms.windows(2).all(|w| w[0] < w[1]), "sorted");
    assert!(terms.contains(&"augmented reality"));
    let (status, body) = get("/v1/terms/Augmented%20Reality").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body["entries"].as_array().unwrap().len() >= 4);
    assert!(
        body["abbreviations"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "AR")
    );
}

#[tokio::test]
async fn the_openapi_document_lists_every_endpoint_and_each_answers() {
    let (status, doc) = get("/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/v1/search",
        "/v1/entries/{id}",
        "/v1/terms",
        "/v1/terms/{term}",
        "/healthz",
        "/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path} documented");
    }
    for (path, methods) in paths {
        let uri = path
            .replace("/v1/concepts/{id}", "/v1/concepts/metaverse")
            .replace("/v1/export", "/v1/export?format=jsonld")
            .replace("{id}", "itu-fgmv-20-2023")
            .replace("{term}", "avatar")
            .replace("/v1/search", "/v1/search?q=avatar");
        for method in methods.as_object().unwrap().keys() {
            if method == "get" && uri.ends_with(".svg") {
                // A picture, not JSON: its own test reads it (api_compare).
                let response = mvterms::api::router(state())
                    .oneshot(Request::get(&uri).body(Body::empty()).unwrap())
                    .await
                    .unwrap();
                assert_eq!(response.status(), StatusCode::OK, "{uri}");
            } else if method == "get" {
                let (status, body) = get(&uri).await;
                assert_eq!(status, StatusCode::OK, "{uri}: {body}");
            }
        }
    }
}

#[tokio::test]
async fn health_reports_the_corpus_served() {
    let (status, body) = get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert_eq!(body["entries"], 339);
}

#[tokio::test]
async fn a_real_server_answers_on_a_socket_and_shuts_down_gracefully() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(mvterms::api::serve(listener, state(), async move {
        let _ = stopped.await;
    }));
    let mut socket = tokio::net::TcpStream::connect(addr).await.unwrap();
    socket
        .write_all(
            b"GET /v1/search?q=avatar&limit=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut response = String::new();
    socket.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let body: Value = serde_json::from_str(response.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["hits"].as_array().unwrap().len(), 1);
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), server)
        .await
        .unwrap()
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn a_request_over_the_time_limit_answers_503_timeout() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let mut state = state();
    state.request_timeout = std::time::Duration::ZERO;
    // Work that surely outlasts the timer's first tick (a search can finish within it): the
    // check of a draft of a few hundred kilobytes.
    let draft =
        "3 Definitions\n\n3.1 avatar: A digital representation of a user in a virtual world.\n\n"
            .repeat(4000);
    let request = Request::post("/v1/check")
        .header("content-type", "text/plain")
        .body(Body::from(draft))
        .unwrap();
    let response = mvterms::api::router(state).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: Value =
        serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_error(&body, "timeout");
}
