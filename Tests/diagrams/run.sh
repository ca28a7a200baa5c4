#!/usr/bin/env bash
# Browser tests of mermaid diagrams (Tests/diagrams/test_diagrams.py) in headless Chromium:
# builds Tests/diagrams/book with `quire build` (site only) and checks the build's file:line
# warning for the diagram that cannot be tokenised; the test serves the site itself.
# Env: QUIRE_BIN (quire binary), PYTHON (python with selenium), CHROMIUM, CHROMEDRIVER.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUITE="diagram tests"
. Tests/lib/browser-env.sh
[ -f templates/vendor/mermaid/mermaid.js ] || scripts/fetch-mermaid.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/quire-diagrams.XXXXXX")"
trap 'rm -rf "$work"' EXIT

book=Tests/diagrams/book
"$QUIRE_BIN" build --content "$book" --config "$book/quire.yml" --out "$work/site" --no-index >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "quire build failed"; }

# The build names the page and line of a diagram it cannot tokenise, and only that one.
grep -q "02-broken.md:19: warning: mermaid diagram: " "$work/build.log" \
  || { cat "$work/build.log" >&2; fail "no file:line warning for the broken diagram"; }
[ "$(grep -c "mermaid diagram" "$work/build.log")" = 1 ] || { cat "$work/build.log" >&2; fail "unexpected mermaid warnings"; }
# The renderer is in the site once, hashed, with its .gz; pages without diagrams do not name it.
ls "$work/site"/assets/vendor/mermaid.*.js.gz >/dev/null || fail "no precompressed mermaid asset"
grep -q "mermaid-loader\\|assets/vendor/mermaid" "$work/site/docs/plain/index.html" && fail "a page without diagrams names the renderer"

QUIRE_TEST_SITE="$work/site" "$PYTHON" Tests/diagrams/test_diagrams.py </dev/null || fail "failed"
echo "diagram tests: passed"
