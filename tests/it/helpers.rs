//! Shared helpers: the real registry, requests through the router, the built binary, and
//! throw-away corpora.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use mvterms::api::{AppState, router};
use mvterms::registry::Registry;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;
use tower::ServiceExt;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared/<sub>` beside the repository (the collected data, the samples, the standards).
/// Under CI (`CI=true`) a missing folder fails the test loudly; elsewhere it returns `None` and
/// the caller says what it skipped.
pub fn shared_dir(sub: &str) -> Option<PathBuf> {
    let dir = root().join("../shared").join(sub);
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "{} is missing: under CI the tests that read ../shared must run, not skip",
        dir.display()
    );
    eprintln!("skipped: {} not present", dir.display());
    None
}

/// The committed corpus, indexed once into a temporary folder for the whole test run.
pub fn state() -> AppState {
    static STATE: OnceLock<(AppState, tempfile::TempDir)> = OnceLock::new();
    STATE
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let (registry, _) = Registry::open(&root().join("corpus"), dir.path()).unwrap();
            let mut state = AppState::new(registry).with_history(&root().join("corpus"));
            // Tests run in parallel and share this state: room for all their heavy requests
            // (tests of admission control set their own limits).
            state.admission =
                mvterms::api::admission::Admission::new(mvterms::api::admission::Limits {
                    running: 8,
                    queued: 64,
                    wait: std::time::Duration::from_secs(60),
                    retry_after: 1,
                    held_bytes: 8 * mvterms::api::admission::HELD_BYTES,
                });
            (state, dir)
        })
        .0
        .clone()
}

/// Sends a request through the router and returns the status and JSON body.
pub async fn send(request: Request<Body>) -> (StatusCode, Value) {
    let response = router(state()).oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)));
    (status, json)
}

/// GET through the router.
pub async fn get(uri: &str) -> (StatusCode, Value) {
    send(Request::get(uri).body(Body::empty()).unwrap()).await
}

/// The ids of a search answer's hits, in order.
pub fn hit_ids(body: &Value) -> Vec<String> {
    body["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// Asserts the error shape and code.
pub fn assert_error(body: &Value, code: &str) {
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(!message.is_empty(), "an error says what went wrong: {body}");
    assert_eq!(
        body.as_object().unwrap().len(),
        1,
        "only the error object: {body}"
    );
}

/// The built `mvterms` binary, run in the repository root.
pub fn mvterms(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mvterms"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A copy of the committed corpus in a temporary folder, to change freely.
pub fn corpus_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_dir(&root().join("corpus"), &corpus);
    (dir, corpus)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for item in std::fs::read_dir(from).unwrap() {
        let item = item.unwrap();
        let target = to.join(item.file_name());
        if item.path().is_dir() {
            copy_dir(&item.path(), &target);
        } else {
            std::fs::copy(item.path(), target).unwrap();
        }
    }
}

/// A page through the router of `state`: status, headers and the HTML as text.
pub async fn get_page_of(
    state: AppState,
    uri: &str,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let request = Request::get(uri)
        .header("accept", "text/html")
        .body(Body::empty())
        .unwrap();
    let response = router(state).oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, headers, String::from_utf8(bytes.to_vec()).unwrap())
}

/// A page of the committed corpus.
pub async fn get_page(uri: &str) -> (StatusCode, axum::http::HeaderMap, String) {
    get_page_of(state(), uri).await
}

/// Every `href="…"` of a page, unescaped of `&#38;`.
pub fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|h| h.replace("&#38;", "&").replace("&amp;", "&"))
        .collect()
}
