//! The mvterms side of the side-by-side benchmark. `bench/run.sh` drives it (and
//! `bench/fts5.py`, the SQLite FTS5 side, on the very same rows and queries); each subcommand
//! runs in its own process and prints one JSON object on stdout.
//!
//! - `export`: the real corpus as JSONL rows (one serialized `Entry` per line);
//! - `generate`: a deterministic synthetic corpus of N entries made from the real one
//!   (see `synthetic.rs`);
//! - `build`: index a JSONL file into a fresh index folder: load and build times, peak memory;
//! - `search`: run the query set against that index, every query `--rounds` times: the latency
//!   of each call, with mvterms' real default features (typo tolerance, facets, totals,
//!   highlights, the any-word fallback).
//!
//! Not a criterion benchmark (`harness = false`): run it through `bench/run.sh`.

mod synthetic;

use clap::{Parser, Subcommand};
use mvterms::analysis::Analyzer;
use mvterms::cancel::Cancel;
use mvterms::corpus::Corpus;
use mvterms::index::{Opened, SearchIndex};
use mvterms::model::Entry;
use mvterms::search::{SearchRequest, search};
use serde_json::json;
use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
#[command(name = "scale", about = "mvterms side of bench/run.sh")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the real corpus as JSONL rows.
    Export {
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write a synthetic corpus of `entries` rows generated from the real corpus.
    Generate {
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        #[arg(long)]
        entries: usize,
        #[arg(long, default_value_t = 20_240_601)]
        seed: u64,
        #[arg(long)]
        out: PathBuf,
    },
    /// Build an index of the rows (the abbreviations are the real corpus's).
    Build {
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        #[arg(long)]
        rows: PathBuf,
        #[arg(long)]
        index: PathBuf,
    },
    /// Time the query set against an index made by `build`.
    Search {
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        #[arg(long)]
        rows: PathBuf,
        #[arg(long)]
        index: PathBuf,
        #[arg(long)]
        queries: PathBuf,
        #[arg(long, default_value_t = 20)]
        rounds: usize,
    },
}

fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench`; the tool is normally run directly by bench/run.sh.
    let args = std::env::args().filter(|a| a != "--bench");
    let cli = Cli::parse_from(args);
    let out = match cli.command {
        Command::Export { corpus, out } => {
            let corpus = Corpus::load(&corpus)?;
            write_rows(&out, corpus.entries().iter().cloned())?;
            json!({ "rows": corpus.entries().len() })
        }
        Command::Generate {
            corpus,
            entries,
            seed,
            out,
        } => {
            let started = Instant::now();
            let generator = synthetic::Generator::new(&Corpus::load(&corpus)?);
            let mut rng = synthetic::Rng::new(seed);
            write_rows(&out, (0..entries).map(|i| generator.entry(&mut rng, i)))?;
            json!({ "rows": entries, "seed": seed, "ms": ms(started) })
        }
        Command::Build {
            corpus,
            rows,
            index,
        } => {
            let started = Instant::now();
            let corpus = load(&corpus, &rows)?;
            let load_ms = ms(started);
            let rss_loaded_kb = status_kb("VmRSS");
            let started = Instant::now();
            let analyzer = Analyzer::new(&corpus);
            let built = SearchIndex::build(&corpus, &analyzer, &index)?;
            let build_ms = ms(started);
            json!({
                "engine": "mvterms",
                "rows": corpus.entries().len(),
                "load_ms": load_ms,
                "build_ms": build_ms,
                "rss_loaded_kb": rss_loaded_kb,
                "peak_rss_kb": status_kb("VmHWM"),
                "index_bytes": dir_bytes(built.dir()),
                "segments": built.reader().searcher().segment_readers().len(),
            })
        }
        Command::Search {
            corpus,
            rows,
            index,
            queries,
            rounds,
        } => {
            let corpus = load(&corpus, &rows)?;
            let analyzer = Analyzer::new(&corpus);
            let (index, opened) = SearchIndex::open_or_build(&corpus, &analyzer, &index)?;
            anyhow::ensure!(
                opened == Opened::Reused,
                "the index was not built for these rows; run `build` first"
            );
            let started = Instant::now();
            let lexicon = mvterms::search::Lexicon::new(&corpus, &analyzer);
            let lexicon_ms = ms(started);
            let queries = read_queries(&queries)?;
            let requests: Vec<SearchRequest> = queries.iter().map(SearchRequest::new).collect();
            // One untimed call each: the first touches the index files.
            let mut totals = Vec::new();
            for r in &requests {
                totals.push(search(&index, &corpus, &lexicon, r, &Cancel::never())?.total);
            }
            let mut samples = vec![Vec::with_capacity(rounds); requests.len()];
            for _ in 0..rounds {
                for (r, times) in requests.iter().zip(samples.iter_mut()) {
                    let started = Instant::now();
                    let results = search(&index, &corpus, &lexicon, r, &Cancel::never())?;
                    times.push(started.elapsed().as_nanos() as u64);
                    std::hint::black_box(results);
                }
            }
            json!({
                "engine": "mvterms",
                "rows": corpus.entries().len(),
                "queries": queries,
                "totals": totals,
                "lexicon_ms": lexicon_ms,
                "ns": samples,
                "rss_kb": status_kb("VmRSS"),
            })
        }
    };
    println!("{out}");
    Ok(())
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}

fn write_rows(path: &Path, rows: impl Iterator<Item = Entry>) -> anyhow::Result<()> {
    let mut out = BufWriter::new(std::fs::File::create(path)?);
    for row in rows {
        serde_json::to_writer(&mut out, &row)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// The rows of a JSONL file as a corpus with the real corpus's abbreviations.
fn load(real: &Path, rows: &Path) -> anyhow::Result<Corpus> {
    let abbreviations = Corpus::load(real)?.abbreviations().to_vec();
    let file = std::io::BufReader::new(std::fs::File::open(rows)?);
    let mut entries = Vec::new();
    for line in file.lines() {
        let line = line?;
        if !line.trim().is_empty() {
            entries.push(serde_json::from_str::<Entry>(&line)?);
        }
    }
    Ok(Corpus::from_parts(entries, abbreviations)?)
}

/// One query per line; blank lines and `#` comments are skipped.
fn read_queries(path: &Path) -> anyhow::Result<Vec<String>> {
    Ok(std::fs::read_to_string(path)?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(String::from)
        .collect())
}

/// A `kB` line of /proc/self/status (`VmRSS`, `VmHWM`); 0 where there is no /proc.
fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|read| {
            read.flatten()
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}
