#!/usr/bin/env bash
# CI step (run by .ci/run): the OpenAPI document and the server agree. Builds the release server,
# starts it on a loopback port with a throw-away index, and runs schemathesis with every check
# (`--checks all`) on a bounded number of examples per operation (a few minutes in all). Any
# failure fails the step. Rules the document cannot state are listed in .ci/schemathesis.toml.
#
#   EXAMPLES=300 SEED=1 .ci/steps/schemathesis.sh     # more examples, another seed
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
examples=${EXAMPLES:-100}
seed=${SEED:-20261201}
tmp=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# schemathesis from the Python package registry, in its own virtual environment (or, where the
# venv module is missing, in a folder of its own on PYTHONPATH).
if python3 -m venv "$tmp/venv" 2>/dev/null; then
  "$tmp/venv/bin/pip" install --quiet --disable-pip-version-check schemathesis
  st() { "$tmp/venv/bin/schemathesis" "$@"; }
else
  python3 -m pip install --quiet --disable-pip-version-check --target "$tmp/pylib" schemathesis
  st() { PYTHONPATH="$tmp/pylib" python3 -m schemathesis.cli "$@"; }
fi

cd "$root"
cargo build --release --locked --quiet --bin mvterms
cp "${CARGO_TARGET_DIR:-$root/target}/release/mvterms" "$tmp/mvterms"
"$tmp/mvterms" serve --addr 127.0.0.1:0 --corpus corpus --index "$tmp/index" 2>"$tmp/serve.log" &
server=$!
addr=""
for _ in $(seq 1 600); do  # up to 60 s: the first start encodes the definitions (about 6 s)
  addr=$(sed -n 's/.*on http:\/\/\([0-9.:]*\).*/\1/p' "$tmp/serve.log" | head -n 1)
  [ -n "$addr" ] && break
  kill -0 "$server" 2>/dev/null || { echo "schemathesis: FAILED: the server did not start"; cat "$tmp/serve.log"; exit 1; }
  sleep 0.1
done
[ -n "$addr" ] || { echo "schemathesis: FAILED: the server did not say where it listens"; cat "$tmp/serve.log"; exit 1; }
echo "schemathesis: server on http://$addr, $examples examples per operation, seed $seed"

cd "$tmp"
status=0
st --config-file "$root/.ci/schemathesis.toml" run "http://$addr/openapi.json" \
  --checks all --max-examples "$examples" --seed "$seed" --no-color --request-timeout 30 || status=$?
if ! kill -0 "$server" 2>/dev/null; then
  echo "schemathesis: FAILED: the server died during the run"; tail -n 50 "$tmp/serve.log"; exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "schemathesis: FAILED (exit $status); rerun with SEED=$seed EXAMPLES=$examples .ci/steps/schemathesis.sh"
  exit 1
fi
echo "schemathesis: OK"
