#!/usr/bin/env bash
# Concept layer and export figures for BENCHMARKS.md ("Concepts and exports"):
#   1. cold start: what a server does before it answers, and the concept layer's part of it;
#   2. every export format of the real corpus (time to a sink);
#   3. TBX export of synthetic corpora (default 100 000 entries): time, output size and the
#      process's peak memory before and after the export (bounded when the export streams),
#      plus the whole process's peak RSS from /usr/bin/time.
# Usage: bench/exports.sh [ENTRIES...]   (default: 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench --bench exports --no-run --quiet 2>/dev/null || cargo bench --bench exports --no-run
bin=$(ls -t target/release/deps/exports-* | grep -v '\.d$' | head -1)
echo "# cold start (median of 11)"
"$bin" cold --rounds 11
echo "# exports of the real corpus"
for f in tbx skos skos-jsonld jsonld csv; do "$bin" export --format "$f"; done
sizes=${*:-100000}
for n in $sizes; do
  echo "# TBX export of $n synthetic entries"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f '{"process_peak_rss_kb": %M, "wall_s": %e}' "$bin" export --entries "$n" --format tbx
  else
    "$bin" export --entries "$n" --format tbx
  fi
done
