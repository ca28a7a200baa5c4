#!/usr/bin/env bash
# Diagram renderer measurements (docs/benchmarks.md, "Diagrams"):
#
#   bench/diagrams.sh [CHAPTER.md=../shared/corpora/ai-humanoid-robotics-mdx/docs/part-2-nervous-system/chapter-6-ros2-architecture.mdx] [RUNS=9]
#
# 1. the renderer's size: mermaid.js as shipped and its precompressed .gz;
# 2. builds a one-page book of CHAPTER (site only) and serves it on loopback with the .gz files
#    (as quire serve and nginx do); headless Chromium with the HTTP cache disabled loads the page
#    RUNS times: time to the page's load event, to the first drawn diagram (SVG in the page),
#    to all diagrams, and the bytes transferred for the renderer.
# Env: QUIRE_BIN, PYTHON (test venv with selenium), CHROMIUM, CHROMEDRIVER.
set -euo pipefail
cd "$(dirname "$0")/.."
chapter="${1:-../shared/corpora/ai-humanoid-robotics-mdx/docs/part-2-nervous-system/chapter-6-ros2-architecture.mdx}"
runs="${2:-9}"
QUIRE_BIN="${QUIRE_BIN:-$(swift build --show-bin-path)/quire}"
PYTHON="${PYTHON:-$PWD/.cache/test-venv/bin/python}"
[ -f "$chapter" ] || { echo "bench/diagrams.sh: no chapter at $chapter" >&2; exit 1; }
[ -f templates/vendor/mermaid/mermaid.js ] || scripts/fetch-mermaid.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/quire-bench-diagrams.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/book/docs"
cp "$chapter" "$work/book/docs/chapter.${chapter##*.}"
printf 'title: Diagram bench\nurl: http://127.0.0.1\nbaseUrl: /\n' >"$work/book/quire.yml"
"$QUIRE_BIN" build --content "$work/book" --config "$work/book/quire.yml" --out "$work/site" --no-index --links warn >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; exit 1; }
grep -i "mermaid" "$work/build.log" || true

js="$(ls "$work/site/assets/vendor/"mermaid.*.js)"
echo "renderer: $(stat -c %s "$js") bytes, .gz $(stat -c %s "$js.gz") bytes (gzip -9: $(gzip -9 -c "$js" | wc -c) bytes)"
echo "page: $(find "$work/site/docs" -name index.html | head -n1 | xargs stat -c %s) bytes of HTML, $(grep -o '<pre class="mermaid">' -r "$work/site/docs" | wc -l) diagrams"
"$PYTHON" bench/diagrams.py "$work/site" "$runs"
