#!/usr/bin/env bash
# CI step (run by .ci/run): run `mvterms check` over every real ITU/ISO sample in ../shared/samples (when present) in
# both profiles. Fails on a crash (signal, panic) or an exit code above 1; findings (exit 1) are
# expected on real documents and do not fail the step.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
samples=${SAMPLES:-"$root/../shared/samples"}
if [ ! -d "$samples" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "check-samples: FAILED: no samples at $samples (CI needs ../shared beside the clone)"
    exit 1
  fi
  echo "check-samples: no samples at $samples; skipped"
  exit 0
fi
cd "$root"
cargo build --quiet --bin mvterms || exit 2
# Copy the binary at once: a shared CARGO_TARGET_DIR may be rebuilt from another branch meanwhile.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "${CARGO_TARGET_DIR:-$root/target}/debug/mvterms" "$tmp/mvterms"
bin="$tmp/mvterms"
status=0
count=0
while IFS= read -r -d '' file; do
  for profile in itu iso; do
    count=$((count + 1))
    err=$("$bin" check --profile "$profile" --format json "$file" 2>&1 >/dev/null)
    code=$?
    if [ "$code" -gt 1 ] || printf '%s' "$err" | grep -q 'panicked'; then
      echo "check-samples: FAILED ($profile, exit $code): $file"
      printf '%s\n' "$err"
      status=1
    fi
  done
done < <(find "$samples" -type f \( -name '*.adoc' -o -name '*.docx' -o -name '*.md' -o -name '*.txt' \) -print0 | sort -z)
echo "check-samples: $count runs over $samples, $([ $status -eq 0 ] && echo 'all exited 0 or 1' || echo 'some failed')"
exit $status
