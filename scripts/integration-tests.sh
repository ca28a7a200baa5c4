#!/usr/bin/env bash
# Runs the test suites that drive real processes outside `swift test`: every `Tests/*/run.sh`
# (browser tests with chromium, the nginx proxy test, the deployment linters). Each gets
# QUIRE_BIN (the quire binary built by `swift test`) and PYTHON (the test venv from setup.sh).
# Usage: scripts/integration-tests.sh [SUITE...]    e.g. scripts/integration-tests.sh browser
set -euo pipefail
cd "$(dirname "$0")/.."
export QUIRE_BIN="${QUIRE_BIN:-$(swift build --show-bin-path)/quire}"
export PYTHON="${PYTHON:-$PWD/.cache/test-venv/bin/python}"
[ -x "$QUIRE_BIN" ] || swift build --product quire >/dev/null
suites=("$@")
if [ "${#suites[@]}" -eq 0 ]; then
  for f in Tests/*/run.sh; do [ -e "$f" ] && suites+=("$(basename "$(dirname "$f")")"); done
fi
failed=()
for s in "${suites[@]}"; do
  echo "== integration suite: $s"
  if ! "Tests/$s/run.sh"; then failed+=("$s"); fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "integration suites failed: ${failed[*]}" >&2
  exit 1
fi
echo "integration suites passed: ${suites[*]:-none}"
