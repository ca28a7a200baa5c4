#!/usr/bin/env bash
# Search with no server, in headless Chromium (Tests/browser-static/test_static.py):
#
# 1. builds content/ (the real book, MiniLM index and static search bundle) under baseUrl /book/
#    and serves it with `python3 -m http.server` — no quire serve behind it;
# 2. builds it again with `chatEndpoint` pointing at a live `quire serve` (cross-origin, CORS),
#    for `search: auto` switching from the server to the bundle when the server stops;
# 3. runs the tests: every content/eval question through window.quire.search, recall and MRR
#    floors, misspellings, prefix matching, the modal and /search page, the chat's offline state,
#    auto switching, zero console errors.
# Env: QUIRE_BIN, PYTHON (with selenium), CHROMIUM, CHROMEDRIVER, QUIRE_FLOOR_R5, QUIRE_FLOOR_MRR.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUITE="static search tests"
. Tests/lib/browser-env.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/quire-static.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do
    if kill -0 "$p" 2>/dev/null; then kill "$p" 2>/dev/null || true; fi
  done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
api_port="$(free_port)"
static_port="$(free_port)"
while [ "$static_port" = "$api_port" ]; do static_port="$(free_port)"; done
auto_port="$(free_port)"
while [ "$auto_port" = "$api_port" ] || [ "$auto_port" = "$static_port" ]; do auto_port="$(free_port)"; done

# quire.yml of the repository (the book's settings) with the site moved under /book/.
{ grep -v -E '^(baseUrl|chatEndpoint|search):' quire.yml 2>/dev/null || true; echo "baseUrl: /book/"; } >"$work/static.yml"
{ cat "$work/static.yml"; echo "chatEndpoint: http://127.0.0.1:$api_port"; } >"$work/auto.yml"
mkdir -p "$work/static-root" "$work/auto-root"
echo "static search tests: building content/ (index and search bundle)"
"$QUIRE_BIN" build --content content --config "$work/static.yml" --out "$work/static-root/book" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "quire build failed"; }
# The second build reuses the first one's vectors (same out folder contents): nothing re-embedded.
cp -a "$work/static-root/book" "$work/auto-root/book"
"$QUIRE_BIN" build --content content --config "$work/auto.yml" --out "$work/auto-root/book" >>"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "quire build (auto copy) failed"; }
[ -f "$work/static-root/book/search-bundle/manifest.json" ] || fail "quire build wrote no search-bundle/manifest.json"

QUIRE_LLM_PROVIDER=none QUIRE_CORS_ORIGINS="http://127.0.0.1:$auto_port" \
  "$QUIRE_BIN" serve --site "$work/auto-root/book" --host 127.0.0.1 --port "$api_port" --rate-limit 0 --data-dir "$work/data" \
  >"$work/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
# Plain file servers: the static copy (no server anywhere) and the auto copy (API on $api_port).
"$PYTHON" -m http.server "$static_port" --bind 127.0.0.1 --directory "$work/static-root" >"$work/static.log" 2>&1 &
pids+=("$!")
"$PYTHON" -m http.server "$auto_port" --bind 127.0.0.1 --directory "$work/auto-root" >"$work/auto.log" 2>&1 &
pids+=("$!")

"$PYTHON" - "$api_port" "$static_port" "$auto_port" <<'PY' || { cat "$work/server.log" >&2; fail "the servers did not start"; }
import sys, time, urllib.request
for port, path in ((sys.argv[1], "/api/ready"), (sys.argv[2], "/book/"), (sys.argv[3], "/book/")):
    deadline = time.time() + 180
    while True:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5).read()
            break
        except Exception:
            if time.time() > deadline:
                sys.exit(f"nothing answers on port {port}")
            time.sleep(0.3)
PY

export QUIRE_STATIC_URL="http://127.0.0.1:$static_port/book" QUIRE_SITE="$work/static-root/book"
export QUIRE_AUTO_URL="http://127.0.0.1:$auto_port/book" QUIRE_SERVER_URL="http://127.0.0.1:$api_port"
export QUIRE_QUESTIONS="$PWD/content/eval/questions.jsonl" QUIRE_SERVER_PID="$server_pid"
if ! "$PYTHON" Tests/browser-static/test_static.py </dev/null; then
  echo "--- quire serve log (last 40 lines)" >&2
  tail -n 40 "$work/server.log" >&2 || true
  fail "failed"
fi
echo "static search tests: passed"
