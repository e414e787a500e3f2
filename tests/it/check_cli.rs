//! The `check` subcommand driven through the built binary: golden reports for the fixtures under
//! `tests/fixtures/check/` (regenerate with `UPDATE_GOLDEN=1 cargo test --test it check_cli`, then
//! review the diff), exit codes, bad input, and the real ITU samples when `../shared/samples` exists.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const CORPUS: &str = "tests/fixtures/check/corpus";

fn root() -> PathBuf {
    super::helpers::root().to_path_buf()
}

use super::helpers::{mvterms, shared_dir, stdout};

fn mvterms_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mvterms"))
        .current_dir(root())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run mvterms");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Compares `actual` with the golden file, or rewrites it when UPDATE_GOLDEN is set.
fn assert_golden(name: &str, actual: &str) {
    let path = root().join("tests/fixtures/check/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "missing golden file {}; run with UPDATE_GOLDEN=1",
            path.display()
        )
    });
    pretty_assertions::assert_eq!(
        expected,
        actual,
        "golden {name} differs; if the change is intended, rerun with UPDATE_GOLDEN=1 and review the diff"
    );
}

fn check(args: &[&str]) -> Output {
    let mut all = vec!["check", "--corpus", CORPUS];
    all.extend_from_slice(args);
    mvterms(&all)
}

#[test]
fn the_itu_markdown_draft_matches_its_golden_reports() {
    let draft = "tests/fixtures/check/itu-draft.md";
    let human = check(&[draft]);
    assert_eq!(human.status.code(), Some(1));
    assert_golden("itu-draft.md.human.txt", &stdout(&human));
    assert_golden(
        "itu-draft.md.json",
        &stdout(&check(&[draft, "--format", "json"])),
    );
    assert_golden(
        "itu-draft.md.sarif",
        &stdout(&check(&[draft, "--format", "sarif"])),
    );
}

#[test]
fn every_rule_of_the_itu_profile_fires_on_the_seeded_fixtures() {
    let out = check(&[
        "tests/fixtures/check/itu-draft.md",
        "tests/fixtures/check/no-clause3.txt",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let fired: std::collections::BTreeSet<String> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["rule"].as_str().unwrap().to_string())
        })
        .collect();
    let all: Vec<&str> = include_str!("../fixtures/check/principles-rule-ids.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect();
    let missing: Vec<&&str> = all.iter().filter(|r| !fired.contains(**r)).collect();
    assert!(
        missing.is_empty(),
        "rules never seen on the fixtures: {missing:?}"
    );
}

#[test]
fn the_iso_asciidoc_draft_matches_its_golden_report() {
    let out = check(&["tests/fixtures/check/iso-draft.adoc", "--profile", "iso"]);
    assert_golden("iso-draft.adoc.iso.txt", &stdout(&out));
    assert_eq!(
        out.status.code(),
        Some(0),
        "warnings only: below the default --fail-on error"
    );
}

#[test]
fn an_itu_only_rule_is_silent_in_the_iso_profile() {
    let out = check(&[
        "tests/fixtures/check/itu-draft.md",
        "--profile",
        "iso",
        "--format",
        "json",
    ]);
    let text = stdout(&out);
    for itu_only in [
        "clause3-lead-in",
        "entry-order",
        "elsewhere-without-reference",
        "abbreviation-first-use",
        "requirement-in-informative",
    ] {
        assert!(
            !text.contains(&format!("\"{itu_only}\"")),
            "{itu_only} fired in the iso profile"
        );
    }
}

#[test]
fn a_plain_text_report_with_a_suppression_matches_its_golden() {
    let out = check(&["tests/fixtures/check/plain-itu.txt"]);
    assert_golden("plain-itu.txt.human.txt", &stdout(&out));
    assert!(
        !stdout(&out).contains("term-case"),
        "the inline mvterms-allow comment silences term-case"
    );
}

#[test]
fn mvterms_toml_next_to_the_draft_raises_and_turns_off_rules() {
    let out = check(&["tests/fixtures/check/configured/draft.txt"]);
    let text = stdout(&out);
    assert!(text.contains("error[requirement-in-informative]"), "{text}");
    assert!(!text.contains("definition-end"), "{text}");
    let with_flag = check(&[
        "tests/fixtures/check/configured/draft.txt",
        "--config",
        "tests/fixtures/check/corpus/../configured/mvterms.toml",
    ]);
    assert_eq!(stdout(&with_flag), text);
}

#[test]
fn a_bad_config_file_stops_the_run_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("mvterms.toml");
    std::fs::write(&cfg, "[rules]\nterm-caps = \"off\"\n").unwrap();
    let out = check(&[
        "tests/fixtures/check/plain-itu.txt",
        "--config",
        cfg.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule 'term-caps'"));
}

#[test]
fn fail_on_sets_the_exit_code() {
    let iso = ["tests/fixtures/check/iso-draft.adoc", "--profile", "iso"];
    assert_eq!(
        check(&[&iso[..], &["--fail-on", "error"]].concat())
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        check(&[&iso[..], &["--fail-on", "warning"]].concat())
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        check(&["tests/fixtures/check/no-clause3.txt"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn a_draft_without_clause_3_gets_the_finding_and_so_does_an_empty_file() {
    assert_golden(
        "no-clause3.txt.human.txt",
        &stdout(&check(&["tests/fixtures/check/no-clause3.txt"])),
    );
    let out = mvterms_stdin(&["check", "--corpus", CORPUS, "-"], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("<stdin>:1:1: error[clause3-missing]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn stdin_is_read_as_text() {
    let out = mvterms_stdin(&["check", "--corpus", CORPUS, "--fail-on", "warning", "-"], b"3 Definitions\n3.1 Terms defined elsewhere\nNone.\n3.2 Terms defined in this Recommendation\nThis Recommendation defines the following term:\n3.2.1 widget: A thing that is used.\n\n5 Body\nEach widget is a thing.\n");
    assert_eq!(
        stdout(&out),
        "1 file checked: 0 errors, 0 warnings, 0 infos\n"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn bad_files_get_a_clear_message_and_do_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let bad_utf8 = dir.path().join("latin1.txt");
    std::fs::write(&bad_utf8, b"3 Definitions\ncaf\xe9\n").unwrap();
    let junk = dir.path().join("junk.md");
    std::fs::write(&junk, [0u8, 1, 2, 3, 255, 254, 0, 7]).unwrap();
    let corrupt = dir.path().join("corrupt.docx");
    std::fs::write(&corrupt, b"PK\x03\x04 this is not a zip").unwrap();
    let good = "tests/fixtures/check/no-clause3.txt";
    let out = check(&[
        bad_utf8.to_str().unwrap(),
        junk.to_str().unwrap(),
        corrupt.to_str().unwrap(),
        good,
    ]);
    let text = stdout(&out);
    assert!(
        text.contains("latin1.txt: error: cannot check")
            && text.contains("not valid UTF-8 (byte 0xE9 at line 2)"),
        "{text}"
    );
    assert!(
        text.contains("junk.md: error: cannot check") && text.contains("binary data"),
        "{text}"
    );
    assert!(
        text.contains("corrupt.docx: error: cannot check") && text.contains("not a valid .docx"),
        "{text}"
    );
    assert!(
        text.contains("no-clause3.txt:1:1: error[clause3-missing]"),
        "{text}"
    );
    assert!(text.contains("3 files could not be checked"), "{text}");
    assert_eq!(
        out.status.code(),
        Some(2),
        "a file that could not be read fails the run, even when others were checked"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("latin1.txt") && err.contains("corrupt.docx") && err.contains("junk.md"),
        "each unreadable file is named on stderr: {err}"
    );
    let only_bad = check(&[corrupt.to_str().unwrap()]);
    assert_eq!(only_bad.status.code(), Some(2), "nothing could be checked");
    let missing = check(&["no/such/draft.md"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stdout(&missing).contains("no/such/draft.md: error: cannot read"));
    // A CI glob that matched nothing reaches the check as the pattern itself.
    let glob = check(&["drafts/*.docx", "--format", "sarif"]);
    assert_eq!(glob.status.code(), Some(2));
    let err = String::from_utf8_lossy(&glob.stderr);
    assert!(
        err.contains("no file matches the pattern drafts/*.docx"),
        "{err}"
    );
}

#[test]
fn markdown_on_stdin_is_read_as_markdown() {
    let md = b"# A draft\n\n## 3 Definitions\n\n### 3.1 Terms defined elsewhere\n\nNone.\n\n### 3.2 Terms defined in this Recommendation\n\nNone.\n";
    let out = mvterms_stdin(&["check", "-"], md);
    let text = stdout(&out);
    assert!(!text.contains("clause3-missing"), "{text}");
}

#[test]
fn a_metanorma_document_is_checked_with_its_includes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sections")).unwrap();
    std::fs::write(
        dir.path().join("document.adoc"),
        "= A standard\n:doctype: recommendation\n\ninclude::sections/03-terms.adoc[]\n\ninclude::sections/missing.adoc[]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("sections/03-terms.adoc"),
        "== Definitions\n\n=== Terms defined elsewhere\n\nNone.\n\n=== Terms defined in this Recommendation\n\nNone.\n",
    )
    .unwrap();
    let out = check(&[dir.path().join("document.adoc").to_str().unwrap()]);
    let text = stdout(&out);
    assert!(!text.contains("clause3-missing"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("document.adoc:6") && err.contains("missing.adoc"),
        "{err}"
    );
}

#[test]
fn findings_in_an_included_file_name_that_file_and_its_own_lines() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sections")).unwrap();
    std::fs::write(
        dir.path().join("document.adoc"),
        "= A standard\n:doctype: recommendation\n\n== Scope\n\nThis Recommendation covers widgets.\n\n== References\n\nNone.\n\ninclude::sections/03-terms.adoc[]\n\n== Widgets\n\nA widget here. A gadget there.\n",
    )
    .unwrap();
    // Line 10 of the included file: the definition without its full stop.
    std::fs::write(
        dir.path().join("sections/03-terms.adoc"),
        "== Definitions\n\n=== Terms defined elsewhere\n\nNone.\n\n=== Terms defined in this Recommendation\n\n==== widget\nA thing that is used\n\n==== gadget\nA smaller thing.\n",
    )
    .unwrap();
    let main = dir.path().join("document.adoc");
    let included = dir.path().join("sections/03-terms.adoc");
    let out = check(&["--format", "json", main.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["files"][0]["findings"].as_array().unwrap();
    let end = findings
        .iter()
        .find(|f| f["rule"] == "definition-end")
        .unwrap_or_else(|| panic!("{v:#}"));
    assert_eq!(end["path"], included.display().to_string(), "{end:#}");
    assert_eq!(
        (end["line"].as_u64(), end["end_line"].as_u64()),
        (Some(10), Some(10)),
        "{end:#}"
    );
    assert_eq!(end["clause"], "3.2.1", "{end:#}");
    assert_eq!(end["clause_title"], "widget", "{end:#}");
    assert!(
        end["excerpt"]
            .as_str()
            .unwrap()
            .contains("A thing that is used")
    );
    // A finding in the main file after the include keeps the main file's own line numbers.
    for f in findings.iter().filter(|f| f.get("path").is_none()) {
        assert!(f["line"].as_u64().unwrap() <= 16, "{f:#}");
    }
    let out = check(&["--format", "sarif", main.to_str().unwrap()]);
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let result = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "definition-end")
        .unwrap();
    let loc = &result["locations"][0];
    assert!(
        loc["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("sections/03-terms.adoc"),
        "{loc:#}"
    );
    assert_eq!(loc["physicalLocation"]["region"]["startLine"], 10);
    assert_eq!(loc["logicalLocations"][0]["name"], "3.2.1");
    let out = check(&[main.to_str().unwrap()]);
    let human = stdout(&out);
    assert!(
        human.contains(&format!("{}:10:", included.display())),
        "{human}"
    );
}

#[test]
fn every_output_says_when_the_registry_rules_did_not_run() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("d.txt");
    std::fs::write(&draft, "3 Definitions\nNone.\n").unwrap();
    std::fs::write(
        dir.path().join("mvterms.toml"),
        "corpus = \"no-such-corpus\"\n",
    )
    .unwrap();
    // A corpus named in the configuration must load.
    let out = mvterms(&["check", draft.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The corpus found from the build: the registry rules ran, and the JSON says from where.
    std::fs::remove_file(dir.path().join("mvterms.toml")).unwrap();
    let json = mvterms(&["check", draft.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["summary"]["registry"]["rules_run"], true, "{v}");
}

#[test]
fn a_bad_flag_exits_2() {
    assert_eq!(
        check(&["tests/fixtures/check/no-clause3.txt", "--profile", "ansi"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        check(&["tests/fixtures/check/no-clause3.txt", "--format", "xml"])
            .status
            .code(),
        Some(2)
    );
}

/// A small Word draft written with the zip crate: paragraphs, a struck-out run, a deleted revision
/// and a Word comment carrying a suppression.
fn write_docx(path: &Path) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let opts = zip::write::SimpleFileOptions::default();
    let p = |style: Option<&str>, runs: &str| {
        let ppr = style
            .map(|s| format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>"))
            .unwrap_or_default();
        format!("<w:p>{ppr}{runs}</w:p>")
    };
    let r = |t: &str| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>");
    let body = [
        p(Some("Heading1"), &format!("{}<w:r><w:tab/></w:r>{}", r("1"), r("Scope"))),
        p(None, &r("This Recommendation covers avatars in every virtual world.")),
        p(Some("Heading1"), &format!("{}<w:r><w:tab/></w:r>{}", r("3"), r("Definitions"))),
        p(Some("Heading2"), &r("3.1\tTerms defined elsewhere")),
        p(None, &r("None.")),
        p(Some("Heading2"), &r("3.2\tTerms defined in this Recommendation")),
        p(None, &r("This Recommendation defines the following terms:")),
        p(None, &format!("{}<w:del><w:r><w:delText>3.2.9 old: </w:delText></w:r></w:del>{}<w:r><w:rPr><w:strike/></w:rPr><w:t>struck words </w:t></w:r>{}", r("3.2.1\tAvatar: "), r("A representation of a user "), r("in a virtual world"))),
        p(None, &format!("{}<w:commentRangeStart w:id=\"1\"/>", r("3.2.2\tvirtual world: A space where each avatar shall appear."))),
        p(Some("Heading1"), &r("4\tAbbreviations and acronyms")),
        p(None, &r("None.")),
    ]
    .concat();
    z.start_file("word/document.xml", opts).unwrap();
    write!(z, "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>").unwrap();
    z.start_file("word/comments.xml", opts).unwrap();
    write!(z, "<w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:comment w:id=\"1\"><w:p><w:r><w:t>mvterms-allow: definition-requirement -- quoted on purpose</w:t></w:r></w:p></w:comment></w:comments>").unwrap();
    z.finish().unwrap();
}

#[test]
fn a_word_draft_is_checked_with_paragraph_numbers_as_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.docx");
    write_docx(&path);
    let out = check(&[path.to_str().unwrap()]);
    let text = stdout(&out).replace(dir.path().to_str().unwrap(), "<tmp>");
    assert_golden("generated.docx.human.txt", &text);
    assert!(
        !text.contains("struck"),
        "struck-out and deleted text is not live"
    );
    assert!(
        !text.contains("definition-requirement"),
        "the Word comment suppresses it"
    );
}

/// Every sample in ../shared/samples checks without a crash and with exit code 0 or 1.
#[test]
fn every_shared_sample_checks_without_a_crash() {
    let Some(samples) = shared_dir("samples") else {
        return;
    };
    let mut files = Vec::new();
    let mut stack = vec![samples];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("adoc" | "docx" | "txt" | "md")
            ) {
                files.push(p);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty());
    for f in files {
        for profile in ["itu", "iso"] {
            let out = check(&[
                f.to_str().unwrap(),
                "--profile",
                profile,
                "--format",
                "json",
            ]);
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                matches!(out.status.code(), Some(0 | 1)),
                "{} ({profile}): exit {:?}\n{stderr}",
                f.display(),
                out.status.code()
            );
            assert!(!stderr.contains("panicked"), "{}: {stderr}", f.display());
            let json: serde_json::Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|e| panic!("{}: bad JSON: {e}", f.display()));
            assert_eq!(json["summary"]["unreadable"], 0, "{}", f.display());
        }
    }
}

#[test]
fn asciidoc_terms_written_as_headings_still_need_the_lead_in() {
    let dir = tempfile::tempdir().unwrap();
    let draft = |lead_in: &str| {
        format!(
            "= Draft\n\n== Scope\n\nText about the local clock.\n\n== References\n\nNone.\n\n[[definitions]]\n== Definitions\n\n\
             === Terms defined elsewhere\n\n{lead_in}==== local clock [b-X]\n\nA source of time for a system.\n\n\
             === Terms defined in this Recommendation\n\nNone.\n"
        )
    };
    let path = dir.path().join("d.adoc");
    std::fs::write(&path, draft("")).unwrap();
    let out = check(&[path.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("warning[clause3-lead-in]: 3.1 lacks its lead-in sentence"),
        "{}",
        stdout(&out)
    );
    std::fs::write(
        &path,
        draft("This Recommendation uses the following term defined elsewhere:\n\n"),
    )
    .unwrap();
    let out = check(&[path.to_str().unwrap()]);
    assert!(
        !stdout(&out).contains("clause3-lead-in"),
        "{}",
        stdout(&out)
    );
}

/// Issue 11's false-positive classes, from a short draft written for the test: each correct
/// construction stays silent, and the real problems beside them are still found.
#[test]
fn correct_constructions_of_published_documents_are_not_reported() {
    let draft = "# Recommendation ITU-T Z.999\n\n## 1 Scope\n\nThis Recommendation describes how an International Standard is cited, with time-stamped delay measurements that are time stamped by the node, and the CE-PE link. The register holds 43FBF800 after reset. Work of ISO/TC 211 and SC 9 is cited.\n\n## 3 Definitions\n\n### 3.1 Terms defined elsewhere\n\nThis Recommendation uses the following terms defined elsewhere:\n\n**3.1.1 avatar** [b-ITU-T Z.1]: A representation of a user.\n\n### 3.2 Terms defined in this Recommendation\n\nThis Recommendation defines the following terms:\n\n**3.2.1 source platform**: Platform from which content is sent.\n\n**3.2.2 International Standard**: Document published by a standards body.\n\n**3.2.3 delta T**: Time between two samples.\n\n**3.2.4 region**: The set of pixels of a bitmap image.\n\n**3.2.5 twin copy**: A twin copy is a copy of a thing.\n\nNOTE\u{a0}–\u{a0}The copy is kept.\n\n## 4 Abbreviations and acronyms\n\nThis Recommendation uses the following abbreviations and acronyms:\n\nCE\tCustomer Edge\n\nPE\tProvider Edge\n\nUTF-8\t8-bit Unicode Transformation Format\n\n## 5 Conventions\n\nThe CE and PE use UTF-8. A source platform sends a region. The twin copy is a delta T.\n";
    let out = mvterms_stdin(
        &["check", "--corpus", CORPUS, "--format", "json", "-"],
        draft.as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["files"][0]["findings"].as_array().unwrap();
    let found = |rule: &str, needle: &str| {
        findings.iter().filter(|f| f["rule"] == rule).any(|f| {
            f["excerpt"].as_str().unwrap_or("").contains(needle)
                || f["message"].as_str().unwrap_or("").contains(needle)
        })
    };
    let all: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}", f["rule"], f["message"]))
        .collect();
    assert!(!found("definition-circular", "source platform"), "{all:#?}");
    assert!(
        found("definition-circular", "twin copy"),
        "the whole term is still circular: {all:#?}"
    );
    assert!(!found("term-case", "International Standard"), "{all:#?}");
    assert!(!found("term-case", "delta T"), "{all:#?}");
    assert!(!found("variant-spelling", "time"), "{all:#?}");
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "abbreviation-unlisted"),
        "{all:#?}"
    );
    assert!(!found("abbreviation-unused", "UTF-8"), "{all:#?}");
    assert!(
        !findings.iter().any(|f| f["rule"] == "note-format"),
        "{all:#?}"
    );
}

fn json_findings(args: &[&str], draft: &str) -> Vec<serde_json::Value> {
    let mut all = vec!["check", "--corpus", CORPUS, "--format", "json"];
    all.extend_from_slice(args);
    all.push("-");
    let out = mvterms_stdin(&all, draft.as_bytes());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["files"][0]["findings"].as_array().unwrap().clone()
}

/// Clause structures of published texts, from a short draft written for the test: a combined
/// "Definitions of terms, symbols and abbreviations" clause with unnumbered entries and a
/// one-space abbreviation list, as 3GPP and ETSI write it.
#[test]
fn a_combined_clause_3_with_unnumbered_entries_is_read_as_written() {
    let draft = "1 Scope\nThe present document covers the QLK and the ZRP over a relay link.\n\n3 Definitions of terms, symbols and abbreviations\n\n3.1 Terms\n\nFor the purposes of the present document, the following terms apply.\n\nRelay link: Link between two relay nodes.\n\nRelay node: Node that forwards frames on a relay link.\n\n3.2 Symbols\n\nVoid\n\n3.3 Abbreviations\n\nFor the purposes of the present document, the following abbreviations apply.\n\nQLK Quick Link Keeper\n\nZRP Zone Routing Protocol\n\n4 Architecture\n\nA relay node keeps a relay link per neighbour, using the QLK.\n";
    let findings = json_findings(&["--input-format", "text"], draft);
    let all: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}", f["rule"], f["message"]))
        .collect();
    assert!(
        !findings.iter().any(|f| f["rule"] == "clause3-missing"),
        "{all:#?}"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "abbreviation-unlisted"),
        "QLK and ZRP are listed in 3.3: {all:#?}"
    );
    assert!(
        !all.iter()
            .any(|m| m.contains("‘Terms’") || m.contains("‘Abbreviations’")),
        "sub-clause titles are not terms: {all:#?}"
    );
    // Both entries were read (the second is not part of the first's definition) …
    assert!(
        all.iter()
            .any(|m| m.contains("term-case") && m.contains("‘Relay node’")),
        "{all:#?}"
    );
    // … and they are defined through each other.
    assert!(
        all.iter()
            .any(|m| m.contains("definition-circular") && m.contains("defined through each other")),
        "{all:#?}"
    );
}

/// Hyphenation and case, from a short draft written for the test: a compound adjective beside
/// the same words as a phrase, a CamelCase identifier, a word broken at a line end, a capital at
/// the start of a list item and a term written with a capital only at its entry.
#[test]
fn correct_hyphenation_and_capitals_are_not_variants() {
    let draft = "# Draft\n\n## 3 Definitions\n\n### 3.2 Terms defined in this Recommendation\n\nThis Recommendation defines the following terms:\n\n**3.2.1 Hop count**: Number of links a frame crosses.\n\n## 6 Operation\n\nEach node logs time-stamped delay values that are time stamped by the sender. The field TimeStamp holds the time-stamp value. The alterna-ting mode and the alternating mode differ. The hop count grows by one at each node.\n\n- Hop count values are logged daily by every node in the network.\n";
    let findings = json_findings(&[], draft);
    let variants: Vec<String> = findings
        .iter()
        .filter(|f| f["rule"] == "variant-spelling")
        .map(|f| format!("{} / {}", f["message"], f["suggestion"]))
        .collect();
    assert!(
        !variants
            .iter()
            .any(|v| v.contains("time stamped") || v.contains("timestamp")),
        "{variants:#?}"
    );
    assert!(
        !variants
            .iter()
            .any(|v| v.contains("‘hop count’") || v.contains("‘Hop count’")),
        "{variants:#?}"
    );
    assert!(
        !variants.iter().any(|v| v.contains("write ‘alterna-ting’")),
        "a line-break hyphen is never the suggestion: {variants:#?}"
    );
}

/// A homonym from another field is not a redefinition: the registry's "virtual world" against a
/// draft "virtual world" of storage systems.
#[test]
fn a_homonym_from_another_field_is_info_not_a_redefinition() {
    let draft = "3 Definitions\n3.1 Terms defined elsewhere\nNone.\n3.2 Terms defined in this Recommendation\nThis Recommendation defines the following terms:\n3.2.1 virtual world: A set of disk volumes shown to a host as one volume.\n\n6 Body\nEach virtual world is kept.\n";
    let findings = json_findings(&["--input-format", "text"], draft);
    let redefinition: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["rule"] == "redefinition")
        .collect();
    assert_eq!(redefinition.len(), 1, "{findings:#?}");
    assert_eq!(redefinition[0]["severity"], "info", "{findings:#?}");
    assert!(
        redefinition[0]["message"]
            .as_str()
            .unwrap()
            .contains("homonym")
    );
}

#[test]
fn constructions_of_iso_iec_vocabularies_are_not_reported() {
    // A short ISO-style terms clause written for this test: a boilerplate section, adapted
    // sources, a symbol in a term, a definition going on after its formula, a name at the start
    // of a term, and a term used inside a longer defined term.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vocabulary.adoc");
    std::fs::write(
        &path,
        "= Widget vocabulary\n\n== Scope\n\nThis document covers widgets, the Brown Wilson test and the q-spread of a tolerance.\n\n== Terms and definitions\n\n[.boilerplate]\n=== Predefined text\n\nFor the purposes of this document, the following terms and definitions apply.\n\n=== stem:[q]-spread\n\nspread of a quantity having the value\n\n[stem%unnumbered]\n++++\nq = 2 s\n++++\n\nfor every positive spread\n\n//Adapted from\n[.source%adapted]\n<<ISO_9,clause=2.1>>\n\n=== Brown Wilson test\n\nprocedure that compares two spreads\n\n=== tolerance limit\n\nbound of permissible values of a property\n\n=== tolerance\n\ndifference between upper and lower tolerance limits\n\n=== spread\n\nquantity whose spread is given\n",
    )
    .unwrap();
    let out = check(&[
        "--profile",
        "iso",
        "--format",
        "json",
        path.to_str().unwrap(),
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["files"][0]["findings"].as_array().unwrap();
    let all: Vec<String> = findings
        .iter()
        .map(|f| format!("{} {}", f["rule"], f["message"]))
        .collect();
    let has = |rule: &str, needle: &str| {
        all.iter()
            .any(|f| f.starts_with(&format!("\"{rule}\"")) && f.contains(needle))
    };
    assert!(!all.iter().any(|f| f.contains("Predefined")), "{all:#?}");
    assert!(!has("definition-multi-sentence", ""), "{all:#?}");
    assert!(!has("definition-circular", "-spread"), "{all:#?}");
    assert!(!has("term-case", "Brown Wilson"), "{all:#?}");
    assert!(!has("definition-circular", "‘tolerance’"), "{all:#?}");
    assert!(
        has("definition-circular", "‘spread’"),
        "the whole term is still circular: {all:#?}"
    );
}

#[test]
fn an_abbreviation_introduced_after_a_shortened_expansion_is_introduced() {
    let draft = "# Recommendation ITU-T Z.998\n\n# 1 Scope\n\nA standard definition TV (SDTV) shows fewer lines than a high definition TV (HDTV).\n\n# 3 Definitions\n\nNone.\n\n# 4 Abbreviations and acronyms\n\nThis Recommendation uses the following abbreviations and acronyms:\n\nHDTV\tHigh Definition TeleVision\n\nSDTV\tStandard Definition TeleVision\n\nTV\tTeleVision\n";
    let out = mvterms_stdin(
        &["check", "--corpus", CORPUS, "--format", "json", "-"],
        draft.as_bytes(),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["files"][0]["findings"].as_array().unwrap();
    assert!(
        !findings
            .iter()
            .any(|f| f["rule"] == "abbreviation-first-use"
                && f["message"].as_str().unwrap().contains("DTV")),
        "{findings:#?}"
    );
}

#[test]
fn a_draft_over_a_bound_exits_2_naming_the_file_the_limit_and_the_line() {
    let dir = tempfile::tempdir().unwrap();
    let giant = dir.path().join("giant.txt");
    std::fs::write(
        &giant,
        format!("3 Definitions\n3.1 a: {}\n", "a\u{301}".repeat(6_000)),
    )
    .unwrap();
    let good = "tests/fixtures/check/no-clause3.txt";
    let out = check(&[giant.to_str().unwrap(), good]);
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("giant.txt")
            && err.contains("line 2")
            && err.contains("max_word_chars")
            && err.contains("10000"),
        "{err}"
    );
    assert!(
        stdout(&out).contains("no-clause3.txt:1:1: error[clause3-missing]"),
        "the other file is still checked"
    );
}
