//! The analysis pages through the router: `/compare`, `/characteristics`, `/check` and
//! `/check/rules` — what they show, that anything from a pasted text or a draft is escaped,
//! and that bad input is a readable page with the API's status, never a 500.

use crate::helpers::{send, state};
use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};
use base64::Engine;
use http_body_util::BodyExt;
use mvterms::api::router;
use serde_json::Value;
use std::io::Write;
use tower::ServiceExt;

/// Sends a request and returns the status, headers and body as text.
async fn page(request: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let response = router(state()).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        String::from_utf8(bytes.to_vec()).expect("pages are UTF-8"),
    )
}

async fn get(uri: &str) -> (StatusCode, HeaderMap, String) {
    page(Request::get(uri).body(Body::empty()).unwrap()).await
}

fn assert_html(headers: &HeaderMap, body: &str) {
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "text/html; charset=utf-8",
        "{body}"
    );
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(body.starts_with("<!DOCTYPE html>"), "{body}");
}

/// Markup that only an unescaped text could have put in the page.
fn assert_nothing_injected(body: &str) {
    for injected in [
        "<script",
        "' onmouseover='",
        "href=\"javascript:",
        "\"><b>",
        "'><b>",
    ] {
        assert!(
            !body.contains(injected),
            "'{injected}' reached the page unescaped"
        );
    }
}

const HOSTILE: &str = "<script>alert(1)</script> a shared \"virtual world\"><b>x</b> ' onmouseover='alert(2)' javascript:alert(3)";

#[tokio::test]
async fn three_entries_are_compared_with_a_matrix_characteristics_and_a_marked_diff() {
    let ids = ["itu-fgmv-20-2023", "mystakidis-2022-web", "ball-2022"];
    let (status, headers, body) = get(&format!(
        "/compare?ids={}&ids={}&ids={}",
        ids[0], ids[1], ids[2]
    ))
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_html(&headers, &body);
    assert!(body.contains("<table class=\"similarity\">"), "{body}");
    assert_eq!(body.matches("<th scope=\"row\">").count(), 3);
    assert_eq!(body.matches("<th scope=\"col\">").count(), 3);
    assert!(body.contains("<del>") && body.contains("<ins>"), "{body}");
    // Marked by more than colour: visible brackets and words for screen readers.
    assert!(body.contains("[−") && body.contains("[+"));
    assert!(body.contains("deleted: ") && body.contains("inserted: "));
    assert!(body.contains("Shared by all"));
    for id in ids {
        assert!(body.contains(&format!("href=\"/entries/{id}\"")), "{id}");
    }
    assert!(body.contains("href=\"/characteristics#"));
}

#[tokio::test]
async fn pasted_texts_are_compared_and_escaped() {
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("texts", HOSTILE)
        .append_pair(
            "texts",
            "A persistent shared virtual world where avatars meet.",
        )
        .append_pair("texts", "")
        .finish();
    let (status, headers, body) = page(
        Request::post("/compare")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_html(&headers, &body);
    assert_nothing_injected(&body);
    assert!(body.contains("&#60;script&#62;") || body.contains("&lt;script&gt;"));
    assert!(body.contains("Text 1") && body.contains("Text 2"));
    assert_eq!(
        body.matches("<th scope=\"row\">").count(),
        2,
        "the empty box is left out"
    );
}

#[tokio::test]
async fn compare_refuses_what_it_cannot_compare_with_a_page() {
    let (status, headers, body) = get("/compare?ids=ball-2022").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_html(&headers, &body);
    assert!(body.contains("two or more"), "{body}");

    let (status, headers, body) = get("/compare?ids=ball-2022&ids=no-such-%3Cscript%3E").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_html(&headers, &body);
    assert!(body.contains("entry_not_found"), "{body}");
    assert_nothing_injected(&body);

    let (status, _, body) = get("/compare?ids=a&ids=b&colour=red").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("colour"), "{body}");

    let (status, _, body) = get("/compare").await;
    assert_eq!(status, StatusCode::OK, "the bare page is the form");
    assert!(body.contains("name=\"ids\"") && body.contains("name=\"texts\""));
}

#[tokio::test]
async fn the_characteristics_page_has_the_table_the_chart_and_an_anchor_per_characteristic() {
    let (status, headers, body) = get("/characteristics").await;
    assert_eq!(status, StatusCode::OK);
    assert_html(&headers, &body);
    assert!(body.contains("<img src=\"/v1/clusters.svg\" alt=\"Bar chart"));
    let clusters = &state().comparer.clusters().clone();
    let table: Vec<_> = clusters.table().collect();
    assert!(table.len() >= 10, "{}", table.len());
    for c in &table {
        assert!(
            body.contains(&format!("id=\"{}\"", c.id)),
            "anchor of {}",
            c.id
        );
        assert!(body.contains(&format!("href=\"#{}\"", c.id)));
        let first = &c.entries[0];
        assert!(
            body.contains(&format!("href=\"/entries/{first}\"")),
            "{first}"
        );
    }
    assert!(
        body.len() < 100_000,
        "the page weighs {} bytes, over 100 KB",
        body.len()
    );
    // The chart it shows is served.
    let (status, headers, _) = get("/v1/clusters.svg").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("image/svg+xml")
    );
}

#[tokio::test]
async fn every_rule_has_its_anchor_on_the_rules_page() {
    let (status, headers, body) = get("/check/rules").await;
    assert_eq!(status, StatusCode::OK);
    assert_html(&headers, &body);
    for rule in mvterms::check::rules::catalog::RULES {
        assert!(body.contains(&format!("id=\"{}\"", rule.id)), "{}", rule.id);
    }
}

const BOUNDARY: &str = "XxBoundaryOfTheFormxX";

/// A multipart/form-data body with these fields: (name, file name, bytes).
fn multipart(fields: &[(&str, Option<&str>, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in fields {
        write!(
            body,
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\""
        )
        .unwrap();
        if let Some(file) = file {
            write!(
                body,
                "; filename=\"{file}\"\r\nContent-Type: application/octet-stream"
            )
            .unwrap();
        }
        body.extend_from_slice(b"\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{BOUNDARY}--\r\n").unwrap();
    body
}

async fn post_check(fields: &[(&str, Option<&str>, &[u8])]) -> (StatusCode, HeaderMap, String) {
    page(
        Request::post("/check")
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .body(Body::from(multipart(fields)))
            .unwrap(),
    )
    .await
}

fn draft_with(definition: &str) -> String {
    format!(
        "1 Scope\nThis Recommendation covers the metaverse.\n\n3 Definitions\n3.1 Terms defined elsewhere\nNone.\n3.2 Terms defined in this Recommendation\nThis Recommendation defines the following term:\n3.2.1 widget: {definition}\n\n4 Abbreviations and acronyms\nNone.\n"
    )
}

/// The report behind a `download` link: the data: URL decoded.
fn download(body: &str, ext: &str) -> Value {
    let marker = format!(".mvterms.{ext}\"");
    let link = body
        .split("<a ")
        .find(|a| a.contains("download=") && a.contains(&marker))
        .unwrap_or_else(|| panic!("no {ext} download in the page"));
    let href = link
        .split("href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let data = href.split_once(";base64,").unwrap().1;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn a_pasted_draft_shows_its_findings_by_clause_escaped_with_the_run_to_download() {
    let text = draft_with(HOSTILE);
    let (status, headers, body) =
        post_check(&[("text", None, text.as_bytes()), ("profile", None, b"itu")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_html(&headers, &body);
    assert_nothing_injected(&body);
    assert!(
        body.contains("<h3 id=\"clause-1-heading\">3.2 Terms defined in this Recommendation</h3>"),
        "{body}"
    );
    assert!(
        body.contains("href=\"/check/rules#"),
        "a finding links to its rule"
    );

    // The downloads are the run shown, and the same findings as the API's for the same text.
    let run = download(&body, "json");
    let sarif = download(&body, "sarif");
    assert_eq!(sarif["version"], "2.1.0");
    let (api_status, api) = send(
        Request::post("/v1/check")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from(text.clone()))
            .unwrap(),
    )
    .await;
    assert_eq!(api_status, StatusCode::OK);
    let rules = |findings: &Value| -> Vec<String> {
        findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| format!("{}:{}:{}", f["rule"], f["line"], f["column"]))
            .collect()
    };
    assert_eq!(rules(&run["files"][0]["findings"]), rules(&api["findings"]));
    assert!(!rules(&api["findings"]).is_empty());
    assert_eq!(
        sarif["runs"][0]["results"].as_array().unwrap().len(),
        api["findings"].as_array().unwrap().len()
    );
    for finding in api["findings"].as_array().unwrap() {
        let rule = finding["rule"].as_str().unwrap();
        assert!(
            body.contains(&format!("<code>{rule}</code>")),
            "{rule} shown"
        );
    }
    // The pasted text stays in the box, escaped.
    assert!(body.contains("<textarea id=\"draft-text\" name=\"text\" rows=\"10\">1 Scope"));
}

#[tokio::test]
async fn an_uploaded_word_draft_is_checked_and_named_safely() {
    let mut docx = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut docx);
        z.start_file(
            "word/document.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        let p = |t: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p>");
        let body = [
            p("3\tDefinitions"),
            p("3.2\tTerms defined in this Recommendation"),
            p("3.2.1\tmetaverse: The metaverse is a space that users shall enter."),
        ]
        .concat();
        write!(z, "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>").unwrap();
        z.finish().unwrap();
    }
    let docx = docx.into_inner();
    let (status, _, body) = post_check(&[
        ("file", Some("F.MV <b>'.docx"), &docx),
        ("text", None, b""),
        ("profile", None, b"iso"),
    ])
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_nothing_injected(&body);
    assert!(body.contains("(docx, ISO drafting rules)"), "{body}");
    assert!(
        body.contains("<code>definition-requirement</code>"),
        "{body}"
    );
    assert!(
        body.contains("download=\"F.MV--b--.docx.mvterms.json\""),
        "{body}"
    );
}

#[tokio::test]
async fn bad_submissions_are_readable_pages_with_the_right_status() {
    // Unreadable .docx: 400 with the reason.
    let (status, headers, body) =
        post_check(&[("file", Some("broken.docx"), b"PK\x03\x04 not really a zip")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_html(&headers, &body);
    assert!(body.contains("broken.docx"), "{body}");
    assert!(body.contains("invalid_body"));

    // Nothing to check.
    let (status, _, body) = post_check(&[("text", None, b"  "), ("profile", None, b"itu")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("nothing to check"), "{body}");

    // A profile that does not exist.
    let (status, _, body) = post_check(&[("text", None, b"x"), ("profile", None, b"<ansi>")]).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_nothing_injected(&body);
    assert!(
        body.contains("&#60;ansi&#62;") || body.contains("&lt;ansi&gt;"),
        "{body}"
    );

    // Over the API's limit: 413.
    let big = vec![b'a'; mvterms::api::BODY_LIMIT + 1];
    let (status, headers, body) = post_check(&[("file", Some("big.txt"), &big)]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_html(&headers, &body);

    // Not a form at all: 415.
    let (status, headers, body) = page(
        Request::post("/check")
            .header(header::CONTENT_TYPE, "text/plain")
            .body(Body::from("3 Definitions"))
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    assert_html(&headers, &body);
}
