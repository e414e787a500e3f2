//! TBX import: the LTAC example, the bad fixtures refused with their lines (nothing written),
//! and export → import → export of the real corpus giving the same file.

use crate::helpers::{mvterms, shared_dir, stderr, stdout};
use std::path::Path;

fn files_under(dir: &Path) -> usize {
    if !dir.exists() {
        return 0;
    }
    walk(dir)
}

fn walk(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            if p.is_dir() { walk(&p) } else { 1 }
        })
        .sum()
}

#[test]
fn the_ltac_example_imports_into_a_corpus_that_loads() {
    let Some(tbx) = shared_dir("standards/tbx") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let file = tbx.join("Example_Astronomy_DCA_VALID.tbx");
    let out = mvterms(&[
        "import",
        file.to_str().unwrap(),
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).contains("imported 45 concept(s) and 74 definition(s)"),
        "{}",
        stdout(&out)
    );
    let out = mvterms(&[
        "concept",
        "c1",
        "--json",
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["label"], "open cluster");
    let d = c["designations"].as_array().unwrap();
    assert!(
        d.iter()
            .any(|d| d["term"] == "galactic cluster" && d["status"] == "superseded")
    );
    assert!(
        d.iter()
            .any(|d| d["term"] == "cúmulo abierto" && d["lang"] == "es")
    );
    assert_eq!(
        c["definitions"][0]["text"],
        "A group of stars formed together in the spiral arms of a galaxy."
    );
    // Importing the same file again is refused and writes nothing more.
    let before = files_under(&corpus);
    let out = mvterms(&[
        "import",
        file.to_str().unwrap(),
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is in the corpus already"),
        "{}",
        stderr(&out)
    );
    assert_eq!(files_under(&corpus), before);
}

#[test]
fn the_valid_ltac_fixtures_import() {
    let Some(tbx) = shared_dir("standards/tbx") else {
        return;
    };
    for (file, definitions) in [("basic_good.tbx", 74), ("core_structure_good.tbx", 0)] {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let path = tbx.join(file);
        let out = mvterms(&[
            "import",
            path.to_str().unwrap(),
            "--corpus",
            corpus.to_str().unwrap(),
        ]);
        assert!(out.status.success(), "{file}: {}", stderr(&out));
        assert!(
            stdout(&out).contains(&format!("and {definitions} definition(s)")),
            "{file}: {}",
            stdout(&out)
        );
    }
}

#[test]
fn malformed_and_invalid_tbx_files_are_refused_with_their_line_and_nothing_is_written() {
    let Some(tbx) = shared_dir("standards/tbx") else {
        return;
    };
    for (file, expected) in [
        ("poorly_formed_xml.tbx", "not well-formed XML"),
        (
            "core_structure_bad.tbx",
            "core_structure_bad.tbx:16: text not allowed directly inside <sourceDesc>",
        ),
        (
            "core_structure_bad.tbx",
            "a <termSec> holds one <term>, and it comes first",
        ),
        ("core_structure_bad.tbx", "<admin> has no type"),
        (
            "core_structure_bad.tbx",
            "a <descripGrp> holds one <descrip>, and it comes first",
        ),
        (
            "basic_bad.tbx",
            "termNote partOfSpeech 'nominal' is not allowed",
        ),
        (
            "basic_bad.tbx",
            "a definition is only allowed at concept or language level",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let path = tbx.join(file);
        let out = mvterms(&[
            "import",
            path.to_str().unwrap(),
            "--corpus",
            corpus.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert!(stderr(&out).contains(expected), "{file}: {}", stderr(&out));
        assert_eq!(files_under(&corpus), 0, "{file}: nothing written");
    }
}

#[test]
fn export_import_export_of_the_real_corpus_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("registry.tbx");
    let out = mvterms(&[
        "export",
        "--format",
        "tbx",
        "--out",
        first.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let corpus = dir.path().join("corpus");
    let out = mvterms(&[
        "import",
        first.to_str().unwrap(),
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let second = dir.path().join("again.tbx");
    let out = mvterms(&[
        "export",
        "--format",
        "tbx",
        "--out",
        second.to_str().unwrap(),
        "--corpus",
        corpus.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (a, b) = (
        std::fs::read_to_string(&first).unwrap(),
        std::fs::read_to_string(&second).unwrap(),
    );
    if a != b {
        let line = a
            .lines()
            .zip(b.lines())
            .position(|(x, y)| x != y)
            .unwrap_or(0);
        panic!(
            "the second export differs at line {}:\n  first:  {}\n  second: {}",
            line + 1,
            a.lines().nth(line).unwrap_or(""),
            b.lines().nth(line).unwrap_or("")
        );
    }
}
