//! The search page (`/`) through the router on the committed corpus: the form, facets that keep
//! the other parameters, highlights, notices, pagination, and errors as pages.

use crate::helpers::{get, get_page, hrefs};
use axum::http::StatusCode;

fn hit_ids(html: &str) -> Vec<String> {
    // Hits are the links of the result list's headings.
    html.split("<li class=\"hit\">")
        .skip(1)
        .filter_map(|hit| hit.split("href=\"/entries/").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The ids of the API's hits, in order.
async fn api_ids(uri: &str) -> Vec<String> {
    let (_, json) = get(uri).await;
    crate::helpers::hit_ids(&json)
}

#[tokio::test]
async fn the_front_page_is_a_labelled_query_box() {
    let (status, headers, html) = get_page("/").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/html; charset=utf-8");
    assert!(
        html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
        "{html}"
    );
    assert!(html.contains("<label for=\"q\">"), "{html}");
    assert!(html.contains("id=\"q\" name=\"q\""), "{html}");
    for landmark in [
        "<header",
        "<nav aria-label=\"Main\">",
        "<main id=\"main\"",
        "<footer",
    ] {
        assert!(html.contains(landmark), "{landmark}");
    }
    assert!(html.contains("href=\"#main\""), "skip link");
}

#[tokio::test]
async fn a_page_shows_the_same_hits_in_the_same_order_as_the_api() {
    let api = api_ids("/v1/search?q=avatar&kind=academic").await;
    let (status, _, html) = get_page("/?q=avatar&kind=academic").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!api.is_empty());
    assert_eq!(hit_ids(&html), api);
    assert!(html.contains("<mark>avatar"), "highlighted: {html}");
    assert!(
        html.contains("value=\"avatar\""),
        "the query stays in the box"
    );
}

#[tokio::test]
async fn facet_links_keep_the_other_parameters_and_narrow_the_results() {
    let (_, _, html) = get_page("/?q=avatar&kind=academic").await;
    let links = hrefs(&html);
    let decade = links
        .iter()
        .find(|h| h.contains("year_from=2020"))
        .expect("a decade facet link");
    assert!(
        decade.contains("q=avatar") && decade.contains("kind=academic"),
        "{decade}"
    );
    assert!(decade.contains("year_to=2029"), "{decade}");
    let (status, _, narrowed) = get_page(decade).await;
    assert_eq!(status, StatusCode::OK);
    assert!(narrowed.contains("years: 2020–2029"), "the filter is shown");
    // The selected value's link removes it again.
    assert!(
        hrefs(&narrowed)
            .iter()
            .any(|h| h == "/?q=avatar&kind=academic")
    );
    let (_, json) = get("/v1/search?q=avatar&kind=academic&year_from=2020&year_to=2029").await;
    assert!(
        narrowed.contains(&format!("{} result", json["total"])),
        "the page counts what the API counts"
    );
}

#[tokio::test]
async fn corrected_spellings_and_the_reason_of_each_hit_are_shown() {
    let (status, _, html) = get_page("/?q=imersive+persistant+enviroment").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("corrected spellings"), "{html}");
    assert!(html.contains("imersive → immersive"), "{html}");
    assert!(html.contains("matched through"), "why it matched: {html}");
}

#[tokio::test]
async fn pagination_links_lead_to_the_next_page() {
    let (_, _, html) = get_page("/?q=virtual").await;
    let next = hrefs(&html)
        .into_iter()
        .find(|h| h.ends_with("offset=10"))
        .expect("a link to the second page");
    assert_eq!(next, "/?q=virtual&offset=10");
    let (status, _, second) = get_page(&next).await;
    assert_eq!(status, StatusCode::OK);
    assert!(second.contains("showing 11–20"), "{second}");
    assert_eq!(
        hit_ids(&second),
        api_ids("/v1/search?q=virtual&offset=10").await
    );
}

#[tokio::test]
async fn grouping_by_term_links_each_term_page() {
    let (status, _, html) = get_page("/?q=avatar&collection=vocabulary&group=term").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("href=\"/terms/avatar\""), "{html}");
    assert!(
        html.contains("Show definitions"),
        "the way back to the list"
    );
}

#[tokio::test]
async fn nothing_found_suggests_the_nearest_terms() {
    let (status, _, html) = get_page("/?term=avatr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("No results"), "{html}");
    assert!(hrefs(&html).iter().any(|h| h == "/?term=avatar"), "{html}");
}

#[tokio::test]
async fn bad_parameters_are_a_readable_400_page_with_the_api_code() {
    for (uri, code) in [
        ("/?q=x&limit=abc", "invalid_parameter"),
        ("/?q=x&limit=0", "invalid_parameter"),
        ("/?q=a&q=b", "invalid_parameter"),
        ("/?q=x&kind=acadmic", "invalid_parameter"),
        ("/?q=x&year_from=2024&year_to=2020", "invalid_parameter"),
        ("/?q=x&color=red", "invalid_parameter"),
        ("/?q=the", "invalid_query"),
        ("/?q=-avatar", "invalid_query"),
        ("/?limit=5", "invalid_query"),
    ] {
        let (status, headers, html) = get_page(uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(headers["content-type"], "text/html; charset=utf-8", "{uri}");
        assert!(
            html.contains(&format!("<code>{code}</code>")),
            "{uri}: {html}"
        );
        assert!(html.contains("<label for=\"q\">"), "{uri}: a way on");
    }
    let (_, _, html) = get_page("/?q=x&kind=acadmic").await;
    assert!(
        html.contains("unknown kind &#39;acadmic&#39;; expected one of"),
        "{html}"
    );
}
