//! Concept layer and export figures (see BENCHMARKS.md, "Concepts and exports";
//! `bench/exports.sh` runs it). Each run prints one JSON object:
//!
//! - `cold`: on the real corpus with its index present, the time of what a server does before
//!   it answers (open the registry, build the shared state) and, within it, the concept layer's
//!   build: median of `--rounds`;
//! - `export`: the concept build and one export of the real corpus (`--entries 0`) or of a
//!   synthetic corpus of N entries, to a sink; the process's peak memory before and after the
//!   export (a streamed export leaves it where it was).
//!
//! Not a criterion benchmark (`harness = false`).

#[path = "scale/synthetic.rs"]
#[allow(dead_code)]
mod synthetic;

use mvterms::analysis::Analyzer;
use mvterms::api::AppState;
use mvterms::concepts::Concepts;
use mvterms::corpus::Corpus;
use mvterms::exchange::{ExportOptions, Format, export};
use mvterms::registry::Registry;
use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

/// A `Write` that counts and drops.
struct Sink(u64);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len() as u64;
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `VmHWM` (peak resident memory) or `VmRSS` of this process, in kB.
fn status_kb(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| {
            l.strip_prefix(field)?
                .trim_start_matches(':')
                .trim()
                .strip_suffix("kB")?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn main() -> anyhow::Result<()> {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let corpus_dir = PathBuf::from(arg("--corpus").unwrap_or_else(|| "corpus".into()));
    match mode.as_str() {
        "cold" => {
            let rounds: usize = arg("--rounds").map_or(11, |r| r.parse().unwrap_or(11));
            let index = tempfile::tempdir()?;
            Registry::open(&corpus_dir, index.path())?; // build the index once
            let (mut total, mut concepts) = (Vec::new(), Vec::new());
            for _ in 0..rounds {
                let started = Instant::now();
                let (registry, _) = Registry::open(&corpus_dir, index.path())?;
                let state = AppState::new(registry);
                total.push(started.elapsed().as_secs_f64() * 1000.0);
                let started = Instant::now();
                let c = Concepts::build(state.registry.corpus(), state.registry.analyzer());
                concepts.push(started.elapsed().as_secs_f64() * 1000.0);
                assert_eq!(c.len(), state.registry.concepts().len());
            }
            let (t, c) = (median(total), median(concepts));
            println!(
                "{}",
                json!({"mode": "cold", "rounds": rounds, "startup_ms": t, "concepts_ms": c,
                       "concepts_share_of_startup": c / t, "startup_without_concepts_ms": t - c,
                       "added_by_concepts": c / (t - c)})
            );
        }
        "export" => {
            let entries: usize = arg("--entries").map_or(0, |n| n.parse().unwrap_or(0));
            let format: Format = arg("--format")
                .unwrap_or_else(|| "tbx".into())
                .parse()
                .map_err(anyhow::Error::msg)?;
            let real = Corpus::load(&corpus_dir)?;
            let corpus = if entries == 0 {
                real
            } else {
                let generator = synthetic::Generator::new(&real);
                let mut rng = synthetic::Rng::new(20_240_601);
                let rows = (0..entries).map(|i| generator.entry(&mut rng, i)).collect();
                Corpus::from_parts(rows, real.abbreviations().to_vec())?
            };
            let started = Instant::now();
            let analyzer = Analyzer::new(&corpus);
            let concepts = Concepts::build(&corpus, &analyzer);
            let build_ms = started.elapsed().as_secs_f64() * 1000.0;
            let peak_before = status_kb("VmHWM");
            let started = Instant::now();
            let mut sink = Sink(0);
            export(&corpus, &concepts, &ExportOptions::new(format), &mut sink)?;
            let export_ms = started.elapsed().as_secs_f64() * 1000.0;
            let peak_after = status_kb("VmHWM");
            println!(
                "{}",
                json!({"mode": "export", "format": format.as_str(), "entries": corpus.entries().len(),
                       "concepts": concepts.len(), "concepts_build_ms": build_ms, "export_ms": export_ms,
                       "bytes": sink.0, "peak_rss_before_export_kb": peak_before,
                       "peak_rss_after_export_kb": peak_after,
                       "export_added_kb": peak_after.saturating_sub(peak_before)})
            );
        }
        _ => anyhow::bail!(
            "usage: exports cold [--rounds N] | exports export [--entries N] [--format F]"
        ),
    }
    Ok(())
}
