//! `POST /v1/check` through the router, with the committed corpus.

use crate::helpers::{assert_error, send};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn post(content_type: &str, uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap()
}

const DRAFT: &str = "1 Scope\nThis Recommendation covers the metaverse.\n\n3 Definitions\n3.1 Terms defined elsewhere\nNone.\n3.2 Terms defined in this Recommendation\nThis Recommendation defines the following term:\n3.2.1 Metaverse: an ecosystem of virtual worlds offering immersive experiences to users\n";

#[tokio::test]
async fn a_text_draft_redefining_metaverse_gets_the_registry_finding() {
    let (status, body) = send(post("text/plain", "/v1/check", DRAFT)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let findings = body["findings"].as_array().unwrap();
    let redefinition = findings
        .iter()
        .find(|f| f["rule"] == "redefinition")
        .expect("redefinition");
    assert!(
        redefinition["message"]
            .as_str()
            .unwrap()
            .contains("itu-fgmv-20-2023"),
        "{redefinition}"
    );
    assert!(
        redefinition["suggestion"]
            .as_str()
            .unwrap()
            .contains("[b-FGMV-20]"),
        "{redefinition}"
    );
    assert_eq!(
        (
            redefinition["line"].as_u64(),
            redefinition["column"].as_u64()
        ),
        (Some(9), Some(7))
    );
    for key in [
        "rule",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "excerpt",
        "suggestion",
    ] {
        assert!(redefinition.get(key).is_some(), "{key} missing");
    }
    assert!(body["summary"]["warnings"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn a_json_body_chooses_format_and_profile() {
    let body = serde_json::json!({ "text": "## 3 Definitions\n\n**3.1 widget**: A thing.\n", "format": "markdown", "profile": "iso" });
    let (status, out) = send(post("application/json", "/v1/check", body.to_string())).await;
    assert_eq!(status, StatusCode::OK, "{out}");
    let rules: Vec<&str> = out["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"definition-end") && rules.contains(&"definition-start"),
        "{rules:?}"
    );
    let (status, out) = send(post(
        "text/markdown",
        "/v1/check?profile=iso",
        "## 3 Definitions\n\n**3.1 widget**: A thing.\n",
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert!(
        out["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "definition-start")
    );
}

#[tokio::test]
async fn a_docx_body_is_checked_with_paragraph_numbers_as_lines() {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(&mut buf);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        write!(z, "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>3 Definitions</w:t></w:r></w:p><w:p><w:r><w:t>3.1 Widget: a thing</w:t></w:r></w:p></w:body></w:document>").unwrap();
        z.finish().unwrap();
    }
    let (status, out) = send(post(DOCX, "/v1/check", buf.into_inner())).await;
    assert_eq!(status, StatusCode::OK, "{out}");
    assert!(
        out["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["line"] == 2),
        "{out}"
    );
}

#[tokio::test]
async fn bad_bodies_get_the_one_error_shape() {
    let (s, b) = send(post(
        "text/plain",
        "/v1/check",
        vec![b'a'; mvterms::api::BODY_LIMIT + 1],
    ))
    .await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    assert_error(&b, "payload_too_large");
    let (s, b) = send(post("image/png", "/v1/check", "x")).await;
    assert_eq!(s, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_error(&b, "unsupported_media_type");
    let (s, b) = send(post(DOCX, "/v1/check", "PK\x03\x04junk")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_error(&b, "invalid_body");
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a valid .docx"),
        "{b}"
    );
    let (s, b) = send(post("text/plain", "/v1/check", vec![0u8, 159, 146, 150])).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_error(&b, "invalid_body");
    let (s, b) = send(post("application/json", "/v1/check", "{")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_error(&b, "invalid_body");
    let (s, b) = send(post("text/plain", "/v1/check?profile=ansi", "x")).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert_error(&b, "invalid_parameter");
}

#[tokio::test]
async fn an_empty_body_is_a_draft_without_clause_3() {
    let (status, out) = send(post("text/plain", "/v1/check", "")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(out["findings"][0]["rule"], "clause3-missing");
}

#[tokio::test]
async fn a_draft_over_a_bound_is_422_naming_the_limit_and_the_line() {
    let giant = format!("3 Definitions\n3.1 a: {}\n", "a".repeat(20_000));
    let (s, b) = send(post("text/plain", "/v1/check", giant)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error(&b, "draft_too_complex");
    let message = b["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("<request body>")
            && message.contains("line 2")
            && message.contains("max_word_chars")
            && message.contains("10000")
            && message.contains("20000"),
        "{message}"
    );
    let long = format!("3 Definitions\n3.1 a: {}\n", "a-".repeat(140_000));
    let (s, b) = send(post("text/plain", "/v1/check", long)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        b["error"]["message"]
            .as_str()
            .unwrap()
            .contains("max_paragraph_bytes"),
        "{b}"
    );
    let many: String = std::iter::once("3 Definitions\n".to_string())
        .chain((0..10_001).map(|i| format!("3.1.{i} term{i}: a thing.\n")))
        .collect();
    let (s, b) = send(post("text/plain", "/v1/check", many)).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let message = b["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("max_definitions") && message.contains("line 10002"),
        "{message}"
    );
    // The documented answer.
    let (_, doc) = crate::helpers::get("/openapi.json").await;
    let documented = doc["paths"]["/v1/check"]["post"]["responses"]["422"]["description"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    for limit in mvterms::check::bounds::LIMITS {
        assert!(
            documented.contains(limit.name) && documented.contains(&spaced(limit.value)),
            "the OpenAPI document states {limit}: {documented}"
        );
    }
}

/// `n` with a space between groups of three digits, as the documents write numbers.
fn spaced(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}
