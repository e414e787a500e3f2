//! Property tests of the draft readers and the whole check (issue 14): arbitrary Unicode built
//! from the pieces drafts are made of, and real samples from `../shared/samples` mutated, through
//! every reader (text, Markdown, AsciiDoc, and Word: XML inside a zip built here) and every
//! profile. Each case asserts no panic and every finding inside the draft (its line, column, end
//! line and end column exist); a few cases also run the CLI and assert an exit code of at most 2.
//!
//! The number of cases is bounded so CI stays fast (`PROPTEST_CASES` overrides it). An input
//! found failing is kept under `tests/fixtures/check/regressions/`, which
//! [`every_regression_fixture_is_checked_without_panic`] runs in full.

use crate::helpers::{root, shared_dir, state};
use mvterms::check::{
    CheckOptions, DraftInput, Format, Profile, RegistryView, check_parsed, parse_draft,
};
use mvterms::registry::Registry;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::io::{Read, Write};
use std::path::PathBuf;
use std::sync::OnceLock;

/// The registry over the committed corpus, built once.
fn registry() -> RegistryView<'static> {
    static REGISTRY: OnceLock<std::sync::Arc<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(|| state().registry).as_ref().into()
}

/// `default` cases unless `PROPTEST_CASES` says otherwise; failures are not persisted beside the
/// sources (found inputs are kept by hand as regression fixtures).
fn config(default: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Reads and checks `bytes` as `format` in both profiles; every finding must lie in the draft.
fn check_inside(bytes: &[u8], format: Format) -> Result<(), TestCaseError> {
    let input = DraftInput {
        name: "<property>".into(),
        bytes,
        format: Some(format),
    };
    let draft = match parse_draft(&input) {
        Ok(d) => d,
        Err(mvterms::error::Error::Unreadable { .. }) => return Ok(()),
        Err(e) => return Err(TestCaseError::fail(format!("unexpected error: {e}"))),
    };
    let width = |line: usize| draft.lines.get(line - 1).map_or(0, |l| l.chars().count());
    let lines = draft.lines.len().max(1);
    for profile in [Profile::Itu, Profile::Iso] {
        let options = CheckOptions {
            profile,
            ..CheckOptions::default()
        };
        let report = check_parsed(&input, &draft, &options, registry());
        for f in &report.findings {
            let at = format!(
                "{} at {}:{}-{}:{}",
                f.rule, f.line, f.column, f.end_line, f.end_column
            );
            prop_assert!((1..=lines).contains(&f.line), "line out of the draft: {at}");
            prop_assert!(
                (f.line..=lines).contains(&f.end_line),
                "end line out of the draft: {at}"
            );
            prop_assert!(
                f.column >= 1 && f.column <= width(f.line) + 1,
                "column out of line {} ({} characters): {at}",
                f.line,
                width(f.line)
            );
            prop_assert!(
                f.end_column >= 1 && f.end_column <= width(f.end_line) + 1,
                "end column out of line {} ({} characters): {at}",
                f.end_line,
                width(f.end_line)
            );
        }
    }
    Ok(())
}

/// Pieces drafts are made of: clause headings and entries in every format's markup, the
/// characters that broke readers before (no-break and zero-width spaces, line and paragraph
/// separators, combining marks, CJK), words the registry knows, and any character at all.
fn piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "3 Definitions\n",
        "3.1 Terms defined elsewhere\n",
        "3.2 Terms defined here\n",
        "3.2.1 ",
        "3.1.1 avatar [b-ITU-T Y.1]: ",
        "4 Abbreviations and acronyms\n",
        "XR ",
        "Extended reality\n",
        "2 References\n",
        "Bibliography\n",
        "Annex A\n",
        "Appendix I\n",
        "NOTE – ",
        "NOTE 1 – ",
        "EXAMPLE ",
        "== ",
        "=== ",
        "# ",
        "## ",
        "* ",
        "- ",
        ". ",
        ":: ",
        ": ",
        ":",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        " ",
        "[[x]]",
        "<<x>>",
        "<<ISO7301,clause 3.1>>",
        "footnote:[",
        "stem:[x]",
        "term:[",
        "[strike]#",
        "#",
        "{blank}",
        "|===\n",
        "| a | b\n",
        "```\n",
        "~~~\n",
        "<!-- ",
        " -->",
        "<!-- mvterms-allow: term-plural -- x -->",
        "// mvterms-allow: ",
        "**",
        "__",
        "`",
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "<",
        ">",
        "&",
        "\"",
        "'",
        "-",
        "a-",
        "real-time",
        "https://x.org/a",
        "mailto:",
        "\u{a0}",
        "\u{2028}",
        "\u{2029}",
        "\u{200b}",
        "\u{200d}",
        "\u{301}",
        "\u{feff}",
        "語",
        "ß",
        "İ",
        "ﬁ",
        "0",
        "1.",
        "12 ",
        "metaverse",
        "Metaverse",
        "virtual world",
        "avatar",
        "shall ",
        "must ",
        "This Recommendation ",
        ".",
    ])
    .prop_map(str::to_string);
    prop_oneof![
        4 => fixed,
        1 => any::<char>().prop_map(String::from),
        1 => "[a-zA-Z ]{1,12}",
    ]
}

fn draft_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..160).prop_map(|p| p.concat())
}

/// An edit applied at a place given as a fraction of the text.
#[derive(Debug, Clone)]
enum Edit {
    Insert(String),
    Delete(usize),
    Repeat(usize),
}

fn edits() -> impl Strategy<Value = Vec<(f64, Edit)>> {
    let edit = prop_oneof![
        3 => piece().prop_map(Edit::Insert),
        1 => (1usize..64).prop_map(Edit::Delete),
        1 => (1usize..64).prop_map(Edit::Repeat),
    ];
    prop::collection::vec((0.0..1.0f64, edit), 1..12)
}

/// The largest char boundary at or below `i`.
fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(text: &str, edits: &[(f64, Edit)]) -> String {
    let mut s = text.to_string();
    for (at, edit) in edits {
        let i = boundary(&s, (at * s.len() as f64) as usize);
        match edit {
            Edit::Insert(p) => s.insert_str(i, p),
            Edit::Delete(n) => {
                let end = boundary(&s, i + n);
                s.replace_range(i..end, "");
            }
            Edit::Repeat(n) => {
                let end = boundary(&s, i + n);
                let copy = s[i..end].to_string();
                s.insert_str(end, &copy);
            }
        }
    }
    s
}

/// A .docx holding `document` as `word/document.xml` (and `comments`, when given).
fn docx(document: &str, comments: Option<&str>) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    z.start_file("word/document.xml", opts).unwrap();
    z.write_all(document.as_bytes()).unwrap();
    if let Some(c) = comments {
        z.start_file("word/comments.xml", opts).unwrap();
        z.write_all(c.as_bytes()).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn xml_escape(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
        })
        .collect::<String>()
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// WordprocessingML paragraphs from the pieces, with heading, TOC and list styles.
fn word_document(paragraphs: &[(Option<&str>, String)]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|(style, text)| {
            let ppr = style.map_or(String::new(), |s| {
                format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")
            });
            let runs: String = text
                .split('\t')
                .map(|t| {
                    format!(
                        "<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                        xml_escape(t)
                    )
                })
                .collect::<Vec<_>>()
                .join("<w:r><w:tab/></w:r>");
            format!("<w:p>{ppr}{runs}</w:p>")
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    )
}

fn styled_paragraphs() -> impl Strategy<Value = Vec<(Option<&'static str>, String)>> {
    let style = prop::sample::select(vec![
        None,
        Some("Heading1"),
        Some("Heading2"),
        Some("TOC1"),
        Some("enumlev1"),
        Some("Note"),
    ]);
    prop::collection::vec(
        (
            style,
            prop::collection::vec(piece(), 0..12).prop_map(|p| p.concat()),
        ),
        0..40,
    )
}

/// The real samples of a kind (`adoc`, `docx`), read once; empty when ../shared is absent (and
/// outside CI, where [`shared_dir`] fails loudly instead).
fn samples(ext: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let Some(dir) = shared_dir("samples") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p, bytes));
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no .{ext} sample under ../shared/samples");
    out
}

fn adoc_samples() -> &'static [(PathBuf, Vec<u8>)] {
    static S: OnceLock<Vec<(PathBuf, Vec<u8>)>> = OnceLock::new();
    S.get_or_init(|| samples("adoc"))
}

/// `word/document.xml` and `word/comments.xml` of each .docx sample.
fn docx_samples() -> &'static [(PathBuf, String, Option<String>)] {
    static S: OnceLock<Vec<(PathBuf, String, Option<String>)>> = OnceLock::new();
    S.get_or_init(|| {
        samples("docx")
            .into_iter()
            .map(|(path, bytes)| {
                let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
                let mut part = |name: &str| {
                    let mut s = String::new();
                    zip.by_name(name).ok()?.read_to_string(&mut s).ok()?;
                    Some(s)
                };
                let document =
                    part("word/document.xml").expect("a sample .docx has word/document.xml");
                let comments = part("word/comments.xml");
                (path, document, comments)
            })
            .collect()
    })
}

/// A window of `text` of at most `len` bytes from a fraction of its length (from the start half
/// of the time, so clause 3 stays in it).
fn window(text: &str, from: f64, len: usize) -> &str {
    let start = boundary(text, (from * text.len() as f64) as usize);
    let end = boundary(text, start + len);
    &text[start..end]
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn any_text_is_read_by_every_text_reader_and_checked_in_place(text in draft_text()) {
        for format in [Format::Text, Format::Markdown, Format::Asciidoc] {
            check_inside(text.as_bytes(), format)?;
        }
    }

    #[test]
    fn any_word_paragraphs_are_read_and_checked_in_place(paragraphs in styled_paragraphs()) {
        check_inside(&docx(&word_document(&paragraphs), None), Format::Docx)?;
    }

    #[test]
    fn mutated_asciidoc_samples_are_checked_in_place(
        pick in any::<prop::sample::Index>(),
        from in prop_oneof![Just(0.0), 0.0..1.0f64],
        edits in edits(),
    ) {
        let samples = adoc_samples();
        if !samples.is_empty() {
            let (_, bytes) = pick.get(samples);
            let text = String::from_utf8_lossy(bytes);
            let mutated = mutate(window(&text, from, 24 * 1024), &edits);
            for format in [Format::Asciidoc, Format::Markdown, Format::Text] {
                check_inside(mutated.as_bytes(), format)?;
            }
        }
    }
}

proptest! {
    #![proptest_config(config(16))]

    #[test]
    fn mutated_word_samples_are_checked_in_place(
        pick in any::<prop::sample::Index>(),
        edits in edits(),
    ) {
        let samples = docx_samples();
        if !samples.is_empty() {
            let (_, document, comments) = pick.get(samples);
            // XML edits: most leave it well-formed enough to read; the others must be refused
            // with a reason, not a panic.
            let mutated = mutate(document, &edits);
            check_inside(&docx(&mutated, comments.as_deref()), Format::Docx)?;
        }
    }

    #[test]
    fn the_cli_exits_with_at_most_2_on_any_draft(text in draft_text(), ext in prop::sample::select(vec!["txt", "md", "adoc", "docx"])) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("draft.{ext}"));
        std::fs::write(&path, text.as_bytes()).unwrap();
        let out = crate::helpers::mvterms(&["check", "--format", "json", path.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        prop_assert!(
            out.status.code().is_some_and(|c| c <= 2) && !stderr.contains("panicked"),
            "exit {:?}: {stderr}",
            out.status
        );
    }
}

/// The inputs property tests (or reports) found failing, kept as fixtures.
fn regression_fixtures() -> Vec<PathBuf> {
    let dir = root().join("tests/fixtures/check/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {}", dir.display());
    files
}

#[test]
fn every_regression_fixture_is_checked_without_panic() {
    let files = regression_fixtures();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let format = path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_extension)
            .unwrap_or(Format::Text);
        if let Err(e) = check_inside(&bytes, format) {
            panic!("{}: {e}", path.display());
        }
    }
    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(|p| p.to_str().unwrap()));
    let out = crate::helpers::mvterms(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.code().is_some_and(|c| c <= 2) && !stderr.contains("panicked"),
        "exit {:?}: {stderr}",
        out.status
    );
}
