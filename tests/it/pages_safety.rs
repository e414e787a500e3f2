//! Safety of the pages: corpus text, queries and paths carrying `<script>`, attribute-breaking
//! quotes and `javascript:` URLs come out escaped; only http(s) sources become links; every
//! page carries the security headers; no page writes to the corpus.

use crate::helpers::{corpus_copy, get_page_of, hrefs};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use mvterms::api::{AppState, router};
use mvterms::registry::Registry;
use std::collections::BTreeMap;
use std::path::Path;
use tower::ServiceExt;

const HOSTILE: &str = r#"id = "hostile-entry"
term = "zanzibar <script>alert('term')</script> \"onmouseover=\"alert(1)"
definition = "A zanzibar <script>alert(1)</script> world where \"quotes\" break 'attributes' onerror=alert(2) and <img src=x onerror=alert(3)> javascript:alert(4)."
notes = ["<b>bold</b> & <a href=\"javascript:alert(5)\">zanzibar</a>"]
abbreviation = "<i>ZZ</i>"
status = "admitted"
kind = "industry"
year = 2024
lang = "en"

[source]
author = "Mallory <script>alert(6)</script>"
title = "\"><svg onload=alert(7)>"
document = "X\" onclick=\"alert(8)"
clause = "<u>3.1</u>"
url = "javascript:alert(9)"
seen_at = "JaVaScRiPt:alert(10)"
"#;

/// A registry of the committed corpus plus the hostile entry, indexed in a temporary folder.
fn hostile_state() -> (AppState, tempfile::TempDir, std::path::PathBuf) {
    let (dir, corpus) = corpus_copy();
    std::fs::write(corpus.join("vocabulary/hostile-entry.toml"), HOSTILE).unwrap();
    let (registry, _) = Registry::open(&corpus, &dir.path().join("index")).unwrap();
    (AppState::new(registry), dir, corpus)
}

/// The elements and attributes our templates write; anything else in a page came from its data.
const ELEMENTS: &[&str] = &[
    "!doctype",
    "html",
    "head",
    "meta",
    "title",
    "link",
    "body",
    "a",
    "header",
    "span",
    "nav",
    "ul",
    "ol",
    "li",
    "main",
    "footer",
    "h1",
    "h2",
    "h3",
    "p",
    "form",
    "div",
    "label",
    "input",
    "button",
    "section",
    "aside",
    "mark",
    "em",
    "code",
    "blockquote",
    "dl",
    "dt",
    "dd",
    "article",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "small",
    "strong",
    "details",
    "summary",
];
const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "name",
    "content",
    "rel",
    "href",
    "class",
    "id",
    "tabindex",
    "aria-label",
    "aria-current",
    "aria-labelledby",
    "aria-describedby",
    "aria-hidden",
    "aria-disabled",
    "action",
    "method",
    "role",
    "for",
    "type",
    "value",
    "maxlength",
    "html",
];

/// The tags of a page: name and attribute names. Values are quoted and, escaped, hold no quote.
fn tags(html: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    for piece in html.split('<').skip(1) {
        let Some(tag) = piece.split('>').next() else {
            continue;
        };
        let tag = tag.trim_start_matches('/');
        let mut parts = tag.splitn(2, |c: char| c.is_whitespace());
        let name = parts.next().unwrap_or("").to_ascii_lowercase();
        let mut attributes = Vec::new();
        let mut rest = parts.next().unwrap_or("");
        while !rest.trim().is_empty() {
            rest = rest.trim_start();
            let end = rest.find(['=', ' ']).unwrap_or(rest.len());
            attributes.push(rest[..end].to_ascii_lowercase());
            rest = &rest[end..];
            if let Some(after) = rest.strip_prefix("=\"") {
                rest = after.split_once('"').map_or("", |(_, r)| r);
            }
        }
        out.push((name, attributes));
    }
    out
}

/// No markup of the hostile text survives, and every link is ours or an http(s) source.
fn assert_inert(uri: &str, html: &str) {
    for (name, attributes) in tags(html) {
        assert!(
            ELEMENTS.contains(&name.as_str()),
            "{uri}: element <{name}> came from the data:\n{html}"
        );
        for a in attributes {
            assert!(
                ATTRIBUTES.contains(&a.as_str()),
                "{uri}: attribute {a} on <{name}> came from the data:\n{html}"
            );
        }
    }
    for href in hrefs(html) {
        // `data:,` is the layout's own empty icon (no request for /favicon.ico).
        let ok = href.starts_with('/') && !href.starts_with("//")
            || href == "data:,"
            || href.starts_with('#')
            || href.starts_with("https://")
            || href.starts_with("http://");
        assert!(ok, "{uri}: a link that is not ours nor http(s): {href}");
    }
}

fn assert_security_headers(uri: &str, headers: &axum::http::HeaderMap) {
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"), "{uri}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{uri}: {csp}");
    assert!(
        !csp.contains("script-src"),
        "{uri}: no scripts at all: {csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{uri}: {csp}");
    assert_eq!(headers["x-content-type-options"], "nosniff", "{uri}");
    assert!(headers.contains_key("referrer-policy"), "{uri}");
}

#[tokio::test]
async fn hostile_corpus_text_is_escaped_on_every_page_that_shows_it() {
    let (state, _dir, _corpus) = hostile_state();
    for uri in [
        "/entries/hostile-entry",
        "/?q=zanzibar",
        "/?q=zanzibar&group=term",
        "/?q=zanzibar&source=Mallory",
    ] {
        let (status, headers, html) = get_page_of(state.clone(), uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {html}");
        assert!(
            html.contains("zanzibar"),
            "{uri}: the entry is shown: {html}"
        );
        assert_security_headers(uri, &headers);
        assert_inert(uri, &html);
    }
    let (_, _, html) = get_page_of(state.clone(), "/entries/hostile-entry").await;
    assert!(
        html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{html}"
    );
    // The javascript: URLs are shown as text, never as links.
    assert!(html.contains("javascript:alert(9) <span class=\"meta\">(not a web address"));
    assert!(html.contains("JaVaScRiPt:alert(10)"));
    // The search highlights with our own <mark> only.
    let (_, _, html) = get_page_of(state.clone(), "/?q=zanzibar").await;
    assert!(
        html.contains("<mark>zanzibar</mark> &#60;script&#62;"),
        "{html}"
    );
    // Its term page too, found by the case-insensitive term.
    let term =
        "/terms/zanzibar%20%3Cscript%3Ealert('term')%3C%2Fscript%3E%20%22onmouseover%3D%22alert(1)";
    let (status, headers, html) = get_page_of(state, term).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert_security_headers(term, &headers);
    assert_inert(term, &html);
}

#[tokio::test]
async fn hostile_queries_and_paths_are_escaped_in_results_and_errors() {
    let state = crate::helpers::state();
    let attack = "%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%20onfocus%3D%22alert(2)%22%20%27%3E%3Cimg%20src%3Dx%20onerror%3Dalert(3)%3E%20javascript%3Aalert(4)";
    for uri in [
        format!("/?q=avatar+{attack}"),
        format!("/?q={attack}"),
        format!("/?q=avatar&source={attack}"),
        format!("/?q=avatar&kind={attack}"),
        format!("/?q=avatar&{attack}=1"),
        format!("/?term={attack}"),
        format!("/terms/{attack}"),
        format!("/entries/{attack}"),
        format!("/{attack}"),
    ] {
        let (status, headers, html) = get_page_of(state.clone(), &uri).await;
        assert!(
            [
                StatusCode::OK,
                StatusCode::BAD_REQUEST,
                StatusCode::NOT_FOUND
            ]
            .contains(&status),
            "{uri}: {status}"
        );
        assert_security_headers(&uri, &headers);
        assert_inert(&uri, &html);
        assert!(
            !html.contains("\" onfocus=\""),
            "{uri}: attribute broken out:\n{html}"
        );
    }
    // The query is kept in the box, escaped inside its attribute.
    let (_, _, html) = get_page_of(state, &format!("/?q=avatar+{attack}")).await;
    assert!(html.contains("value=\"avatar &#60;script&#62;alert(1)&#60;/script&#62;&#34; onfocus=&#34;alert(2)&#34;"), "{html}");
}

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for item in std::fs::read_dir(&d).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

#[tokio::test]
async fn no_page_writes_to_the_corpus() {
    let (state, _dir, corpus) = hostile_state();
    let before = snapshot(&corpus);
    for method in ["POST", "PUT", "PATCH", "DELETE"] {
        for uri in [
            "/",
            "/entries/hostile-entry",
            "/terms/avatar",
            "/about",
            "/assets/style.css",
        ] {
            let request = Request::builder()
                .method(method)
                .uri(uri)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(
                    "id=hostile-entry&term=changed&definition=changed",
                ))
                .unwrap();
            let response = router(state.clone()).oneshot(request).await.unwrap();
            assert_eq!(
                response.status(),
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {uri}"
            );
        }
    }
    for uri in ["/", "/?q=zanzibar", "/entries/hostile-entry", "/about"] {
        let (status, _, _) = get_page_of(state.clone(), uri).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert!(before == snapshot(&corpus), "the corpus folder changed");
}
