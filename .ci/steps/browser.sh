#!/usr/bin/env bash
# CI step (run by .ci/run): the pages in a real browser. Installs Debian's chromium and
# chromium-driver (apt) and axe-core 4.14.1 (npm, licence MPL-2.0, into target/ci-tools/browser/,
# which git ignores), then runs the browser suite (tests/browser): the built server on the
# committed corpus, headless Chromium through ChromeDriver, axe-core on every page state (any
# serious or critical violation fails), 320 px reflow, keyboard focus, and the editors'
# scenarios. Screenshots of every state are left in target/screenshots/.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
axe_version=4.14.1

if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  echo "browser: installing chromium and chromium-driver"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null
fi
tools="$root/target/ci-tools/browser"
axe="$tools/node_modules/axe-core/axe.min.js"
if [ ! -f "$axe" ] || ! grep -q "axe v$axe_version" "$axe"; then
  echo "browser: installing axe-core $axe_version"
  mkdir -p "$tools"
  (cd "$tools" && npm install --silent --no-audit --no-fund "axe-core@$axe_version" >/dev/null)
fi
echo "browser: $(chromium --version 2>/dev/null | head -n 1), $(chromedriver --version | cut -d' ' -f1-2), axe-core $axe_version"

rm -rf "$root/target/screenshots"
started=$(date +%s)
AXE_CORE_JS="$axe" CHROMIUM=$(command -v chromium) CHROMEDRIVER=$(command -v chromedriver) \
  cargo test --locked --features browser-tests --test browser
echo "browser: OK in $(( $(date +%s) - started )) s; $(ls "$root/target/screenshots" | wc -l) screenshots in target/screenshots/"
