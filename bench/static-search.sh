#!/usr/bin/env bash
# Static search in the browser (no server), Quire's bundle vs Pagefind 1.5.2 on the same HTML,
# headless Chromium with the HTTP cache disabled (docs/benchmarks.md, "Search with no server").
#
#   bench/static-search.sh
#
# Books: content/ (content/eval questions), ../shared/corpora/physical-ai-book/docs
# (../shared/eval/dev-questions.jsonl) and a 2,000-page book from bench/gen-book.py (bytes and
# time only: its pages repeat content/'s, so page-level recall means nothing there).
# Env: QUIRE_BIN (skip the release build), PAGEFIND_VENV (default .cache/pagefind-venv),
#      PYTHON (with selenium; default .cache/test-venv/bin/python), WORK (default: a temp dir),
#      BOOKS (default "content physical-ai-book gen-2000"), REUSE=1 (keep a site already built in
#      $WORK/<book>, e.g. one built by a faster binary).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$PWD/.cache/test-venv/bin/python}"
PFV="${PAGEFIND_VENV:-$PWD/.cache/pagefind-venv}"
if [ -z "${QUIRE_BIN:-}" ]; then
  echo "== building quire (release)" >&2
  swift build -c release --product quire --scratch-path .build-release >&2
  QUIRE_BIN="$(swift build -c release --scratch-path .build-release --show-bin-path)/quire"
fi
if ! "$PFV/bin/python" -m pagefind --version 2>/dev/null | grep -q "1.5.2"; then
  echo "== installing pagefind[extended]==1.5.2 into $PFV" >&2
  python3 -m venv "$PFV"
  "$PFV/bin/pip" install -q 'pagefind[extended]==1.5.2' >&2
fi
BOOKS="${BOOKS:-content physical-ai-book gen-2000}"
work="${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/quire-static-bench.XXXXXX")}"
mkdir -p "$work"
echo "== work folder: $work" >&2
port="$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
server=""
cleanup() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi; }
trap cleanup EXIT

bench_book() {  # label docs questions [extra args]
  local label="$1" docs="$2" questions="$3"; shift 3
  local site="$work/$label"
  case " $BOOKS " in *" $label "*) ;; *) return 0 ;; esac
  if [ "${REUSE:-0}" = 1 ] && [ -f "$site/search-bundle/manifest.json" ]; then
    echo "== $label: reusing the site in $site" >&2
  else
    echo "== $label: quire build" >&2
    "$QUIRE_BIN" build --content "$docs" --out "$site" --links warn >&2
  fi
  echo "== $label: pagefind" >&2
  # Pagefind indexes each page's article (not the sidebar and navigation around it).
  rm -rf "$site/pagefind"
  "$PFV/bin/python" -m pagefind --site "$site" --root-selector "article" >"$work/$label-pagefind.log" 2>&1 \
    || { cat "$work/$label-pagefind.log" >&2; exit 1; }
  "$PYTHON" -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
  server=$!
  sleep 1
  PORT="$port" "$PYTHON" bench/static_search.py "$site" / "$questions" --pagefind --label "$label" "$@"
  kill "$server"; wait "$server" 2>/dev/null || true; server=""
}

{
  bench_book content content content/eval/questions.jsonl
  bench_book physical-ai-book ../shared/corpora/physical-ai-book/docs ../shared/eval/dev-questions.jsonl
  [ -d "$work/gen/quire-docs" ] || python3 bench/gen-book.py "$work/gen" 2000 >/dev/null
  bench_book gen-2000 "$work/gen/quire-docs" content/eval/questions.jsonl --no-recall
} | tee "$work/results.jsonl"
echo "== results: $work/results.jsonl" >&2
