//! The pages in a real browser: the built `mvterms serve` on the committed corpus, headless
//! Chromium driven through ChromeDriver (WebDriver), axe-core run on every page state, the
//! 320 px reflow and keyboard focus checked, and a screenshot of every state kept under
//! `target/screenshots/` (not committed).
//!
//! Only with `--features browser-tests` (`cargo test --features browser-tests --test browser`,
//! which `.ci/steps/browser.sh` runs after installing chromium, chromium-driver and axe-core):
//! the plain `cargo test` does not build it. Nothing here skips: without the browser or axe-core
//! it fails and says what to install.

mod harness;

use fantoccini::key::Key;
use harness::{Browser, assert_no_problems};
use std::io::Write;
use std::path::Path;

#[tokio::test]
async fn an_editor_searches_and_opens_an_entry() {
    let mut b = Browser::start("search").await;
    let mut problems = Vec::new();
    b.open("/").await;
    problems.extend(b.check_page("home").await);

    let query = b.find("input[name=q]").await;
    query.send_keys("avatar").await.unwrap();
    b.press(Key::Enter).await;
    let at = b.wait_for_location("/?").await;
    assert!(
        at.contains("q=avatar"),
        "the search is a shareable URL: {at}"
    );
    let results = b.find_all("main a[href^='/entries/']").await;
    assert!(!results.is_empty(), "results for avatar link to entries");
    problems.extend(b.check_page("results-avatar").await);

    let href = results[0].attr("href").await.unwrap().unwrap();
    let term = results[0].text().await.unwrap();
    results[0].click().await.unwrap();
    let at = b.wait_for_location("/entries/").await;
    assert_eq!(at, href, "the first result opens its entry");
    let title = b.find("h1").await.text().await.unwrap();
    assert!(
        title.to_lowercase().contains(&term.to_lowercase()),
        "the entry page is headed by its term '{term}': {title}"
    );
    problems.extend(b.check_page("entry").await);
    b.close().await;
    assert_no_problems(&problems);
}

#[tokio::test]
async fn an_editor_narrows_a_search_by_a_facet() {
    let mut b = Browser::start("facet").await;
    b.open("/?q=avatar").await;
    let before = b.text().await;
    let facet = b.find("a[href*='kind=']").await;
    let href = facet.attr("href").await.unwrap().unwrap();
    let kind = href
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("kind="))
        .unwrap()
        .to_string();
    facet.click().await.unwrap();
    let at = b.wait_for_location("/?").await;
    assert!(
        at.contains(&format!("kind={kind}")) && at.contains("q=avatar"),
        "the facet keeps the query and adds kind={kind}: {at}"
    );
    let after = b.text().await;
    assert_ne!(
        before, after,
        "the filtered page differs from the unfiltered one"
    );
    let problems = b.check_page(&format!("results-kind-{kind}")).await;
    b.close().await;
    assert_no_problems(&problems);
}

#[tokio::test]
async fn an_editor_compares_three_entries_picked_from_the_results() {
    let mut b = Browser::start("compare").await;
    let mut problems = Vec::new();
    b.open("/?q=metaverse").await;
    let boxes = b.find_all("input[type=checkbox][name=ids]").await;
    assert!(
        boxes.len() >= 3,
        "search results can be picked for compare ({} checkboxes)",
        boxes.len()
    );
    let mut picked = Vec::new();
    for checkbox in &boxes[..3] {
        checkbox.click().await.unwrap();
        picked.push(checkbox.attr("value").await.unwrap().unwrap());
    }
    problems.extend(b.check_page("results-picked").await);
    b.find("button[formaction='/compare'], form[action='/compare'] button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let at = b.wait_for_location("/compare?").await;
    for id in &picked {
        assert!(at.contains(&format!("ids={id}")), "{id} is compared: {at}");
    }
    let rows = b.find_all("table.similarity tbody tr").await;
    assert_eq!(rows.len(), 3, "a row of the similarity matrix per entry");
    let text = b.text().await;
    assert!(
        text.contains("Shared") || text.contains("shared"),
        "shared characteristics are named"
    );
    assert!(
        !b.find_all("ins, del").await.is_empty(),
        "the word diff marks insertions or deletions"
    );
    for id in &picked {
        assert!(
            !b.find_all(&format!("a[href='/entries/{id}']"))
                .await
                .is_empty(),
            "the compare page links back to {id}"
        );
    }
    problems.extend(b.check_page("compare-three").await);
    b.close().await;
    assert_no_problems(&problems);
}

#[tokio::test]
async fn an_editor_uploads_a_word_draft_and_reads_its_findings() {
    let mut b = Browser::start("check").await;
    let mut problems = Vec::new();
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.docx");
    write_docx(&draft);

    b.open("/check").await;
    problems.extend(b.check_page("check-form").await);
    let file = b.find("input[type=file]").await;
    file.send_keys(draft.to_str().unwrap()).await.unwrap();
    b.find("form[enctype='multipart/form-data'] button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    b.find(".findings").await;
    let text = b.text().await;
    // The draft's definition of "metaverse" holds the term itself and a requirement.
    for rule in ["definition-circular", "definition-requirement"] {
        assert!(text.contains(rule), "the finding {rule} is shown:\n{text}");
    }
    assert!(
        text.contains("draft.docx"),
        "the page names the file checked"
    );
    assert!(
        !b.find_all("a[href^='/check/rules#']").await.is_empty(),
        "findings link to the rule's explanation"
    );
    let downloads = b.find_all("a[download]").await;
    assert_eq!(downloads.len(), 2, "JSON and SARIF downloads of the run");
    problems.extend(b.check_page("check-findings").await);

    b.find("a[href^='/check/rules#']")
        .await
        .click()
        .await
        .unwrap();
    b.wait_for_location("/check/rules").await;
    problems.extend(b.check_page("check-rules").await);
    b.close().await;
    assert_no_problems(&problems);
}

#[tokio::test]
async fn every_other_page_passes_axe_and_reflows_at_320_px() {
    let mut b = Browser::start("pages").await;
    let mut problems = Vec::new();
    let pages = [
        ("/about", "about"),
        ("/terms/avatar", "term-avatar"),
        ("/characteristics", "characteristics"),
        (
            "/compare?ids=itu-fgmv-20-2023&ids=mystakidis-2022-web",
            "compare-two",
        ),
        ("/compare", "compare-form"),
        ("/entries/no-such-entry", "entry-not-found"),
        ("/?q=%3Cscript%3E", "search-nothing-found"),
    ];
    for (path, name) in pages {
        b.open(path).await;
        let title = b.js("return document.title;").await;
        let title = title.as_str().unwrap_or("");
        let expected_error = path.starts_with("/entries/no-such");
        if title.starts_with("Not found") != expected_error {
            problems.push(format!("{path}: not the page expected (title: {title})"));
        }
        problems.extend(b.check_page(name).await);
    }
    b.close().await;
    assert_no_problems(&problems);
}

#[tokio::test]
async fn the_query_box_is_reached_by_tab_with_a_visible_focus() {
    let mut b = Browser::start("focus").await;
    b.open("/").await;
    b.js("document.activeElement && document.activeElement.blur();")
        .await;
    let mut reached = false;
    for _ in 0..12 {
        b.press(Key::Tab).await;
        let name = b
            .js("return document.activeElement ? document.activeElement.getAttribute('name') : null;")
            .await;
        if name == "q" {
            reached = true;
            break;
        }
    }
    assert!(reached, "Tab reaches the query box within 12 presses");
    let style = b
        .js("const s = getComputedStyle(document.activeElement);
             return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow];")
        .await;
    let outline = style[0].as_str().unwrap() != "none" && style[1].as_f64().unwrap() >= 2.0;
    let shadow = style[2].as_str().unwrap() != "none";
    assert!(
        outline || shadow,
        "the focused query box shows its focus (outline of at least 2 px or a shadow): {style}"
    );
    b.screenshot("query-box-focused").await;
    b.close().await;
}

/// A small Word draft in ITU style: clause 3 with a definition that holds its own term and
/// states a requirement, so the check has findings to show.
fn write_docx(path: &Path) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let p = |style: Option<&str>, text: &str| {
        let ppr = style
            .map(|s| format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>"))
            .unwrap_or_default();
        format!("<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    };
    let body = [
        p(Some("Heading1"), "1\tScope"),
        p(
            None,
            "This Recommendation describes services in the metaverse.",
        ),
        p(Some("Heading1"), "3\tDefinitions"),
        p(Some("Heading2"), "3.1\tTerms defined elsewhere"),
        p(None, "None."),
        p(
            Some("Heading2"),
            "3.2\tTerms defined in this Recommendation",
        ),
        p(None, "This Recommendation defines the following terms:"),
        p(
            None,
            "3.2.1\tmetaverse: The metaverse is a space that users shall enter.",
        ),
        p(Some("Heading1"), "4\tAbbreviations and acronyms"),
        p(None, "None."),
    ]
    .concat();
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    z.start_file("word/document.xml", opts).unwrap();
    write!(
        z,
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"{w}\"><w:body>{body}</w:body></w:document>"
    )
    .unwrap();
    z.finish().unwrap();
}
