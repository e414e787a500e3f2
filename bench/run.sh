#!/usr/bin/env bash
# Side-by-side benchmark of mvterms and SQLite FTS5: search latency, index build time and memory
# on the real corpus and on synthetic corpora of 100 000 and 1 000 000 entries, HTTP throughput
# with wrk, cold start. See BENCHMARKS.md; `bench/run.sh --help` for options
# (e.g. `bench/run.sh --sizes real,100000 --skip cold` for a shorter run).
#
# Installs what it needs and is missing (wrk from Debian's apt), saying so first. Results go to
# bench/results/latest.md and latest.json; generated corpora and indexes to bench/work/.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt() {
    local package=$1
    echo "bench: '$package' is not installed; installing it with apt-get (Debian package '$package')" >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq >&2
    $sudo apt-get install -y -qq "$package" >&2
}

command -v cargo >/dev/null || { echo "bench: cargo is needed (https://rustup.rs)" >&2; exit 2; }
command -v python3 >/dev/null || need_apt python3
python3 - <<'PY' || { echo "bench: Python's sqlite3 module lacks FTS5; install a Python built with SQLite >= 3.9 and FTS5" >&2; exit 2; }
import sqlite3
sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter unicode61')")
PY
# wrk drives the http and pages phases; it is not needed only when both are skipped.
case " $* " in
    *" --skip "*http*pages*|*"--skip="*http*pages*|*" --skip "*pages*http*|*"--skip="*pages*http*) ;;
    *) command -v wrk >/dev/null || need_apt wrk ;;
esac

exec python3 bench/run.py "$@"
