//! What opening the index at start-up costs on the real corpus, part by part: reading the
//! generation into memory, checking every segment file's checksum, and the whole reuse path
//! (stamp, read, check, reader) that `serve` takes when the index is present.
//!
//! Run: `cargo bench --bench index` (reports under target/criterion/).

use criterion::{Criterion, criterion_group, criterion_main};
use mvterms::analysis::Analyzer;
use mvterms::corpus::Corpus;
use mvterms::index::{Opened, SearchIndex, storage};
use std::path::Path;
use std::time::Duration;

fn open(c: &mut Criterion) {
    let corpus = Corpus::load(Path::new("corpus")).expect("run from the repository root");
    let analyzer = Analyzer::new(&corpus);
    let dir = tempfile::tempdir().unwrap();
    let (built, _) = SearchIndex::open_or_build(&corpus, &analyzer, dir.path()).unwrap();
    let generation = built.dir().to_path_buf();

    let mut group = c.benchmark_group("index_open");
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("read_into_memory", |b| {
        b.iter(|| storage::open(&generation).unwrap())
    });
    let (index, _) = storage::open(&generation).unwrap();
    group.bench_function("validate_checksums", |b| {
        b.iter(|| storage::validate(&index, &generation).unwrap())
    });
    group.bench_function("reuse_whole", |b| {
        b.iter(|| {
            let (index, opened) =
                SearchIndex::open_or_build(&corpus, &analyzer, dir.path()).unwrap();
            assert_eq!(opened, Opened::Reused);
            index
        })
    });
    group.finish();
}

criterion_group!(benches, open);
criterion_main!(benches);
