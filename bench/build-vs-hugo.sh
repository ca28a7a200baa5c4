#!/usr/bin/env bash
# Builds the same generated 2,000-page book with `quire build --no-index` and Debian's hugo,
# in one run, best of 3 each, and prints pages/s and the ratio.
# Usage: bench/build-vs-hugo.sh [PAGES=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-2000}
command -v hugo >/dev/null || { echo "installing hugo"; apt-get install -y -qq hugo >/dev/null; }
SCRATCH="${SCRATCH:-.build}"
swift build -c release --product quire --scratch-path "$SCRATCH" >/dev/null
quire="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/quire"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 bench/gen-book.py "$work" "$pages"
: > "$work/empty.yml"

best() {  # best wall time of 3 runs of "$@"
  local b=999999
  for _ in 1 2 3; do
    local s e
    s=$(date +%s.%N); "$@" >/dev/null 2>&1; e=$(date +%s.%N)
    b=$(python3 -c "print(min($b, $e - $s))")
  done
  echo "$b"
}
q=$(best "$quire" build --content "$work/quire-docs" --out "$work/quire-out" --config "$work/empty.yml" --no-index --links warn)
h=$(best hugo --source "$work/hugo" --destination "$work/hugo-out" --quiet)
qn=$(find "$work/quire-out" -name '*.html' | wc -l)
hn=$(find "$work/hugo-out" -name '*.html' | wc -l)
python3 - "$pages" "$q" "$h" "$qn" "$hn" <<'PY'
import sys
pages, q, h, qn, hn = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5]
print(f"quire: {pages} pages in {q:.2f} s = {pages / q:.0f} pages/s ({qn} HTML files)")
print(f"hugo:  {pages} pages in {h:.2f} s = {pages / h:.0f} pages/s ({hn} HTML files)")
print(f"ratio: quire is {h / q:.1f}x hugo")
PY
