#!/usr/bin/env bash
# Side-by-side run of `mvterms check` and textlint + textlint-rule-terminology on the same large
# draft (≥ 1 MiB of plain text built from ../shared/samples, else from the test fixtures) with the
# same term list exported from the registry (corpus/). Prints wall-clock medians and the ratio.
#
#   bench/check-vs-textlint.sh            # 3 runs each
#   RUNS=9 bench/check-vs-textlint.sh     # medians of 9 (the README's figures)
#
# Wall-clock times on a shared machine are noisy: the script prints the load average, and runs the
# two tools alternately so that both see the same load.
#
# textlint is installed with npm into bench/.node (git-ignored), never into the repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node_dir="$root/bench/.node"

# 1. The draft: sample AsciiDoc texts (or fixtures) concatenated until ≥ 1 MiB, as plain text.
sources=$(ls "$root"/../shared/samples/itu/*/en.adoc 2>/dev/null || true)
[ -n "$sources" ] || sources=$(ls "$root"/tests/fixtures/check/*.md "$root"/tests/fixtures/check/*.txt)
draft="$work/draft.txt"
: > "$draft"
while [ "$(wc -c < "$draft")" -lt 1048576 ]; do
  for f in $sources; do cat "$f" >> "$draft"; echo >> "$draft"; done
done
bytes=$(wc -c < "$draft")

# 2. The term list, exported from the registry: every distinct designation of corpus/.
python3 - "$root/corpus" "$work/.textlintrc.json" <<'PY'
import json, pathlib, sys, tomllib
terms = set()
for path in pathlib.Path(sys.argv[1]).glob("*/*.toml"):
    term = tomllib.loads(path.read_text(encoding="utf-8")).get("term", "").strip()
    if term and len(term) > 2:
        terms.add(term)
rc = {"rules": {"terminology": {"defaultTerms": False, "skip": [], "terms": sorted(terms)}}}
pathlib.Path(sys.argv[2]).write_text(json.dumps(rc, indent=1), encoding="utf-8")
print(f"term list: {len(terms)} designations from {sys.argv[1]}", file=sys.stderr)
PY

# 3. The tools.
if [ ! -x "$node_dir/node_modules/.bin/textlint" ]; then
  npm install --silent --no-audit --no-fund --prefix "$node_dir" textlint@15 textlint-rule-terminology@5 >/dev/null
fi
(cd "$root" && cargo build --release --quiet --bin mvterms)
# Copy the binary at once: a shared CARGO_TARGET_DIR may be rebuilt from another branch meanwhile.
cp "${CARGO_TARGET_DIR:-$root/target}/release/mvterms" "$work/mvterms"
mvterms="$work/mvterms"

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }
echo "draft: $bytes bytes, $(wc -l < "$draft") lines; $runs runs each, interleaved; $(nproc) cores, load average before: $(loadavg)"
# Timed from Python (perf_counter around each process), so no shell or `date` processes are
# counted; runs alternate between the two tools so that both see the same machine load. Exit
# codes 0 and 1 are both normal (1: findings).
read -r m t < <(cd "$work" && python3 - "$runs" "$mvterms" "$root/corpus" "$draft" \
    "$node_dir/node_modules/.bin/textlint" "$work/.textlintrc.json" <<'PY'
import statistics, subprocess, sys, time
runs, mvterms, corpus, draft, textlint, rc = sys.argv[1:]
tools = {
    "m": ([mvterms, "check", "--corpus", corpus, "--format", "json", draft], "m.out"),
    "t": ([textlint, "--config", rc, "--format", "json", draft], "out"),
}
times = {k: [] for k in tools}
for _ in range(int(runs)):
    for key, (cmd, out) in tools.items():
        with open(out, "wb") as f:
            start = time.perf_counter()
            code = subprocess.run(cmd, stdout=f, stderr=subprocess.DEVNULL).returncode
            times[key].append(time.perf_counter() - start)
        if code > 1:
            sys.exit(f"{cmd[0]} exited with {code}")
print(statistics.median(times["m"]), statistics.median(times["t"]))
PY
)
[ -n "${t:-}" ] || { echo "bench: a tool failed (see above)" >&2; exit 2; }
mf=$(python3 -c "import json;d=json.load(open('$work/m.out'));print(sum(len(f['findings']) for f in d['files']))")
tf=$(python3 -c "import json;d=json.load(open('$work/out'));print(sum(len(f['messages']) for f in d))" 2>/dev/null || echo "?")
printf 'mvterms check (all %s rules):     %8.3f s  (%.1f MB/s, %s findings)\n' 30 "$m" "$(echo "$bytes / $m / 1000000" | bc -l)" "$mf"
printf 'textlint + terminology (1 rule):  %8.3f s  (%.1f MB/s, %s findings)\n' "$t" "$(echo "$bytes / $t / 1000000" | bc -l)" "$tf"
printf 'ratio textlint / mvterms:         %8.1fx\n' "$(echo "$t / $m" | bc -l)"
echo "load average after: $(loadavg)"
