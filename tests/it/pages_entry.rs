//! The entry, term and about pages, the stylesheet and the HTML 404, through the router on the
//! committed corpus.

use crate::helpers::{get, get_page, hrefs, root};
use axum::http::StatusCode;

#[tokio::test]
async fn an_entry_page_shows_its_source_characteristics_and_the_other_definitions() {
    let (status, _, html) = get_page("/entries/dwivedi-2022").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<h1><span>metaverse</span></h1>"), "{html}");
    assert!(
        html.contains("<dt>Author</dt><dd>Yogesh K. Dwivedi"),
        "{html}"
    );
    assert!(html.contains("<dt>Year</dt><dd>2022</dd>"));
    assert!(html.contains("FGMV-20 coverage"));
    let links = hrefs(&html);
    let (_, item) = get("/v1/entries/dwivedi-2022/characteristics").await;
    for c in item["characteristics"].as_array().unwrap() {
        let href = format!("/characteristics#{}", c["id"].as_str().unwrap());
        assert!(links.contains(&href), "{href}");
    }
    let compare = links
        .iter()
        .find(|h| h.starts_with("/compare?ids=dwivedi-2022&ids="))
        .expect("a compare link");
    assert!(compare.matches("ids=").count() >= 2, "{compare}");
    // The nearest definitions of the same term are shown beside it, with a link to all.
    assert!(links.contains(&"/terms/metaverse".to_string()));
    assert!(html.matches("<article class=\"card").count() >= 2);
    // Export links answer.
    for export in links
        .iter()
        .filter(|h| h.starts_with("/v1/entries/") || h.starts_with("/v1/concepts/"))
    {
        let (status, _) = get(export).await;
        assert_eq!(status, StatusCode::OK, "{export}");
    }
}

#[tokio::test]
async fn japanese_and_italian_definitions_carry_their_language() {
    let (status, _, html) = get_page("/entries/japan-mic-2023").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        html.contains("<blockquote class=\"definition\" lang=\"ja\">ユーザー間で"),
        "{html}"
    );
    let (_, _, html) = get_page("/entries/dipietro-cresci-2021-it").await;
    assert!(
        html.contains("<blockquote class=\"definition\" lang=\"it\">"),
        "{html}"
    );
    let (_, _, html) = get_page("/terms/metaverse").await;
    assert!(
        html.contains("<p class=\"definition\" lang=\"ja\">"),
        "{html}"
    );
    assert!(html.contains("<html lang=\"en\">"));
}

#[tokio::test]
async fn a_term_page_lists_every_definition_and_resolves_abbreviations() {
    let (status, _, html) = get_page("/terms/avatar").await;
    assert_eq!(status, StatusCode::OK);
    let (_, json) = get("/v1/terms/avatar").await;
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(html.matches("<article class=\"card").count(), entries.len());
    for e in entries {
        assert!(html.contains(&format!("href=\"/entries/{}\"", e["id"].as_str().unwrap())));
    }
    let (status, _, html) = get_page("/terms/XR").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("is another designation"), "{html}");
    assert!(
        html.contains("href=\"/terms/extended%20reality\""),
        "{html}"
    );
}

#[tokio::test]
async fn a_curated_designation_without_a_definition_is_a_page_as_in_the_api() {
    // `real time` is a curated variant of the concept `real-time`, which has notes but no
    // definition yet: the API answers 200 with the concept, and so does the page.
    let (status, json) = get("/v1/terms/real%20time").await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(json["entries"].as_array().unwrap().is_empty(), "{json}");
    let (status, _, html) = get_page("/terms/real%20time").await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("holds no definition of it yet"), "{html}");
    assert!(html.contains("is another designation"), "{html}");
}

#[tokio::test]
async fn an_unknown_term_is_a_404_page_with_did_you_mean_links() {
    let (status, headers, html) = get_page("/terms/avatr").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(html.contains("<code>term_not_found</code>"), "{html}");
    assert!(
        hrefs(&html).contains(&"/terms/avatar".to_string()),
        "{html}"
    );
    let (status, _, html) = get_page("/entries/no-such-entry").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("<code>entry_not_found</code>"), "{html}");
}

#[tokio::test]
async fn unknown_pages_are_html_and_unknown_api_paths_stay_json() {
    let (status, headers, html) = get_page("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(html.contains("<code>not_found</code>"));
    let (status, body) = get("/v1/no-such-endpoint").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    crate::helpers::assert_error(&body, "not_found");
}

#[tokio::test]
async fn the_about_page_names_the_corpus_being_served() {
    let (status, _, html) = get_page("/about").await;
    assert_eq!(status, StatusCode::OK);
    let (_, health) = get("/healthz").await;
    let fingerprint = health["corpus_fingerprint"].as_str().unwrap();
    assert!(html.contains(fingerprint), "{html}");
    assert!(html.contains(&format!("<dt>Entries</dt><dd>{}</dd>", health["entries"])));
    assert!(hrefs(&html).contains(&"/openapi.json".to_string()));
    assert!(html.contains("id=\"cite\""));
}

#[tokio::test]
async fn the_stylesheet_is_embedded_cached_and_revalidated() {
    let (_, _, html) = get_page("/").await;
    let link = hrefs(&html)
        .into_iter()
        .find(|h| h.starts_with("/assets/style.css?v="))
        .expect("the stylesheet link");
    let (status, headers, css) = get_page(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/css; charset=utf-8");
    assert!(
        headers["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age=31536000")
    );
    assert_eq!(
        css,
        std::fs::read_to_string(root().join("assets/style.css")).unwrap()
    );
    let etag = headers["etag"].to_str().unwrap().to_string();
    assert_eq!(
        etag,
        format!("\"{}\"", &link["/assets/style.css?v=".len()..])
    );
    let request = axum::http::Request::get("/assets/style.css")
        .header("if-none-match", &etag)
        .body(axum::body::Body::empty())
        .unwrap();
    let response =
        tower::ServiceExt::oneshot(mvterms::api::router(crate::helpers::state()), request)
            .await
            .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);
}
