//! Throughput of `check` on a large draft (≥ 1 MiB), built at bench time by concatenating the
//! AsciiDoc samples of `../shared/samples/itu` (or, when they are absent, the project's own
//! fixtures) and checked against the registry in `corpus/` (built once, as the CLI and API do).
//!
//! Run: `cargo bench --bench check`. Side by side with textlint: `bench/check-vs-textlint.sh`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mvterms::analysis::Analyzer;
use mvterms::check::{CheckOptions, DraftInput, Format, RegistryView, check_draft};
use mvterms::concepts::Concepts;
use mvterms::corpus::Corpus;
use std::hint::black_box;
use std::path::Path;

const TARGET: usize = 1024 * 1024;

/// A draft of at least 1 MiB: the sample texts (or the fixtures) repeated.
fn large_draft() -> (String, &'static str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut parts = Vec::new();
    let samples = root.join("../shared/samples/itu");
    let mut source = "samples";
    if let Ok(dirs) = std::fs::read_dir(&samples) {
        let mut paths: Vec<_> = dirs
            .flatten()
            .map(|d| d.path().join("en.adoc"))
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        parts.extend(paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()));
    }
    if parts.is_empty() {
        source = "fixtures";
        for f in ["itu-draft.md", "plain-itu.txt", "iso-draft.adoc"] {
            parts.extend(std::fs::read_to_string(root.join("tests/fixtures/check").join(f)).ok());
        }
    }
    let mut draft = String::new();
    while draft.len() < TARGET && !parts.is_empty() {
        for p in &parts {
            draft.push_str(p);
            draft.push('\n');
        }
    }
    (draft, source)
}

fn bench(c: &mut Criterion) {
    let corpus = Corpus::load(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus")))
        .expect("corpus/ loads");
    // What `mvterms check` loads: the corpus, its analyzer and its concepts (no index).
    let analyzer = Analyzer::new(&corpus);
    let concepts = Concepts::build(&corpus, &analyzer);
    let registry = RegistryView::new(&corpus, &analyzer, &concepts);
    let (draft, source) = large_draft();
    eprintln!(
        "check bench: {} bytes of draft built from {source}",
        draft.len()
    );
    let options = CheckOptions::default();
    let mut group = c.benchmark_group("check");
    group.throughput(Throughput::Bytes(draft.len() as u64));
    group.sample_size(10);
    for (name, format) in [
        ("asciidoc_1MiB", Format::Asciidoc),
        ("text_1MiB", Format::Text),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let input = DraftInput {
                    name: "large".into(),
                    bytes: draft.as_bytes(),
                    format: Some(format),
                };
                black_box(
                    check_draft(&input, &options, registry)
                        .expect("checks")
                        .findings
                        .len(),
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
