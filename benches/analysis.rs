//! Clustering and compare on the real corpus and on a deterministic synthetic corpus of 10 000
//! definitions made from the real ones.
//!
//! Run: `cargo bench --bench analysis` (sample sizes are small so it finishes in minutes).

use criterion::{Criterion, criterion_group, criterion_main};
use mvterms::analysis::Analyzer;
use mvterms::clusters::{ClusterOptions, Clusters};
use mvterms::compare::{CompareOptions, Comparer, ItemInput};
use mvterms::corpus::Corpus;
use mvterms::model::{Collection, Entry, Kind};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn real() -> Corpus {
    Corpus::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")).expect("the real corpus")
}

/// `n` definitions, each the first half of one real English definition joined to the second
/// half of another, chosen by a fixed rule: the same corpus on every run.
fn synthetic(real: &Corpus, n: usize) -> Corpus {
    let sources: Vec<&Entry> = real.entries().iter().filter(|e| e.lang == "en").collect();
    let kinds = [
        Kind::Academic,
        Kind::Industry,
        Kind::Standards,
        Kind::Government,
        Kind::Media,
    ];
    let entries = (0..n)
        .map(|i| {
            let a: Vec<&str> = sources[i % sources.len()].definition.split(' ').collect();
            let b: Vec<&str> = sources[(i * 7 + 3) % sources.len()]
                .definition
                .split(' ')
                .collect();
            let definition = [&a[..a.len() / 2], &b[b.len() / 2..]].concat().join(" ");
            Entry {
                id: format!("synthetic-{i:05}"),
                collection: if i % 3 == 0 {
                    Collection::Vocabulary
                } else {
                    Collection::Metaverse
                },
                term: if i % 3 == 0 {
                    sources[i % sources.len()].term.clone()
                } else {
                    "metaverse".into()
                },
                definition,
                notes: vec![],
                abbreviation: None,
                status: Default::default(),
                kind: Some(kinds[i % kinds.len()]),
                year: Some(2000 + (i % 25) as i32),
                lang: "en".into(),
                source: Default::default(),
                flags: vec![],
            }
        })
        .collect();
    Corpus::from_parts(entries, real.abbreviations().to_vec()).expect("unique synthetic ids")
}

fn bench(c: &mut Criterion) {
    let real = real();
    let big = synthetic(&real, 10_000);
    let options = ClusterOptions::default();

    let mut g = c.benchmark_group("clusters");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    let analyzer = Analyzer::new(&real);
    g.bench_function("real corpus (339 entries)", |b| {
        b.iter(|| black_box(Clusters::compute_with(&real, &analyzer, &options)))
    });
    let big_analyzer = Analyzer::new(&big);
    g.bench_function("synthetic 10 000 definitions", |b| {
        b.iter(|| black_box(Clusters::compute_with(&big, &big_analyzer, &options)))
    });
    g.finish();

    let mut g = c.benchmark_group("compare");
    g.sample_size(20).measurement_time(Duration::from_secs(5));
    let comparer = Comparer::new(&real);
    let ball: Vec<ItemInput> = ["ball-2021-primer", "ball-2021-framework", "ball-2022"]
        .iter()
        .map(|s| ItemInput::Id(s.to_string()))
        .collect();
    g.bench_function("real: Ball's three versions", |b| {
        b.iter(|| black_box(comparer.compare(&ball, &CompareOptions::default()).unwrap()))
    });
    let draft = ItemInput::Text(
        "An immersive, persistent and shared 3D virtual environment where users interact as \
         avatars."
            .into(),
    );
    g.bench_function("real: nearest 10 of a draft", |b| {
        b.iter(|| black_box(comparer.nearest(&draft, 10, None).unwrap()))
    });
    let big_comparer = Comparer::new(&big);
    g.bench_function("synthetic 10 000: nearest 10 of a draft", |b| {
        b.iter(|| black_box(big_comparer.nearest(&draft, 10, None).unwrap()))
    });
    let mixed = vec![ItemInput::Id("synthetic-00001".into()), draft.clone()];
    g.bench_function("synthetic 10 000: compare an entry and a draft", |b| {
        b.iter(|| {
            black_box(
                big_comparer
                    .compare(&mixed, &CompareOptions::default())
                    .unwrap(),
            )
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
