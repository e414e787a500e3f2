//! When entries and concepts changed: a corpus in a throw-away git repository, two commits.

use crate::helpers::{get, mvterms, stderr, stdout};
use axum::http::StatusCode;
use std::path::Path;
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args([
            "-c",
            "user.name=Editor",
            "-c",
            "user.email=editor@example.org",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn changes_between_two_versions_list_entries_and_concepts() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    git(root, &["init", "-q"]);
    write(
        root,
        "corpus/vocabulary/xr--a.toml",
        "id = \"xr--a\"\nterm = \"extended reality\"\ndefinition = \"All real-and-virtual combined environments.\"\n",
    );
    write(
        root,
        "corpus/vocabulary/gone--a.toml",
        "id = \"gone--a\"\nterm = \"gone\"\ndefinition = \"Something removed later.\"\n",
    );
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "first"]);
    write(
        root,
        "corpus/vocabulary/xr--a.toml",
        "id = \"xr--a\"\nterm = \"extended reality\"\ndefinition = \"All real-and-virtual combined environments and interactions.\"\n",
    );
    write(
        root,
        "corpus/vocabulary/vr--a.toml",
        "id = \"vr--a\"\nterm = \"virtual reality\"\ndefinition = \"A fully generated environment.\"\n",
    );
    std::fs::remove_file(root.join("corpus/vocabulary/gone--a.toml")).unwrap();
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "second"]);
    let corpus = root.join("corpus");
    let out = mvterms(&[
        "changes",
        "HEAD~1",
        "HEAD",
        "--json",
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["entries"]["added"], serde_json::json!(["vr--a"]));
    assert_eq!(c["entries"]["changed"], serde_json::json!(["xr--a"]));
    assert_eq!(c["entries"]["removed"], serde_json::json!(["gone--a"]));
    assert_eq!(
        c["concepts"]["added"],
        serde_json::json!(["virtual-reality"])
    );
    assert_eq!(c["concepts"]["removed"], serde_json::json!(["gone"]));
    let out = mvterms(&[
        "concept",
        "extended-reality",
        "--json",
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_ne!(
        v["history"]["added"]["commit"], v["history"]["changed"]["commit"],
        "{v}"
    );
    let out = mvterms(&["changes", "HEAD~1", "--corpus", corpus.to_str().unwrap()]);
    assert!(stdout(&out).contains("  + vr--a"), "{}", stdout(&out));
}

#[test]
fn without_git_the_dates_are_absent_not_wrong() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "corpus/vocabulary/xr--a.toml",
        "id = \"xr--a\"\nterm = \"XR\"\ndefinition = \"Extended reality.\"\n",
    );
    let corpus = dir.path().join("corpus");
    let out = mvterms(&[
        "concept",
        "xr",
        "--json",
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.get("history").is_none(), "{v}");
    let out = mvterms(&["changes", "HEAD~1", "--corpus", corpus.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not in a git checkout"),
        "{}",
        stderr(&out)
    );
}

#[tokio::test]
async fn entries_and_concepts_of_the_committed_corpus_show_their_commits() {
    // The repository is a git checkout here and in CI (a clone).
    let (status, e) = get("/v1/entries/ball-2022").await;
    assert_eq!(status, StatusCode::OK);
    let added = e["history"]["added"]["commit"].as_str().unwrap_or_default();
    assert_eq!(added.len(), 40, "{e}");
    let (_, c) = get("/v1/concepts/metaverse").await;
    assert!(
        c["history"]["changed"]["date"]
            .as_str()
            .unwrap_or_default()
            .starts_with("20"),
        "{c}"
    );
}
