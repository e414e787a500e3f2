//! Search latency per typical query on the real corpus, and index build time.
//!
//! Run: `cargo bench --bench search` (reports under target/criterion/).

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mvterms::analysis::Analyzer;
use mvterms::cancel::Cancel;
use mvterms::corpus::Corpus;
use mvterms::index::SearchIndex;
use mvterms::model::Kind;
use mvterms::search::{Lexicon, SearchRequest, search};
use std::path::Path;

/// Queries an editor types: single terms, multi-word, a phrase, typos, an abbreviation, a
/// filtered query and a non-English word.
fn queries() -> Vec<(&'static str, SearchRequest)> {
    vec![
        ("avatar", SearchRequest::new("avatar")),
        ("digital_twin", SearchRequest::new("digital twin")),
        ("phrase", SearchRequest::new("\"virtual worlds\"")),
        (
            "typos",
            SearchRequest::new("imersive persistant enviroment"),
        ),
        ("abbreviation", SearchRequest::new("XR")),
        (
            "long",
            SearchRequest::new(
                "persistent shared immersive 3D virtual spaces for social interaction",
            ),
        ),
        (
            "filtered",
            SearchRequest {
                kind: Some(Kind::Academic),
                year_from: Some(2021),
                ..SearchRequest::new("virtual")
            },
        ),
        ("japanese", SearchRequest::new("メタバース")),
    ]
}

fn real_corpus() -> Corpus {
    Corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"))
        .expect("the committed corpus loads")
}

fn bench_search(c: &mut Criterion) {
    let corpus = real_corpus();
    let analyzer = Analyzer::new(&corpus);
    let dir = tempfile::tempdir().unwrap();
    let index = SearchIndex::build(&corpus, &analyzer, dir.path()).unwrap();
    let lexicon = Lexicon::new(&corpus, &analyzer);
    let mut group = c.benchmark_group("search");
    for (name, request) in queries() {
        group.bench_with_input(BenchmarkId::from_parameter(name), &request, |b, request| {
            b.iter(|| search(&index, &corpus, &lexicon, request, &Cancel::never()).unwrap())
        });
    }
    group.finish();
}

fn bench_build(c: &mut Criterion) {
    let corpus = real_corpus();
    let analyzer = Analyzer::new(&corpus);
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("build_real_corpus", |b| {
        b.iter_with_setup(
            || tempfile::tempdir().unwrap(),
            |dir| SearchIndex::build(&corpus, &analyzer, dir.path()).unwrap(),
        )
    });
    group.bench_function("load_corpus", |b| b.iter(real_corpus));
    group.finish();
}

criterion_group!(benches, bench_search, bench_build);
criterion_main!(benches);
