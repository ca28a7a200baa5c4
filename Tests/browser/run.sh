#!/usr/bin/env bash
# Browser tests of the reader widget (search modal, /search page, chat panel, selection ask)
# in headless Chromium driven by selenium, against a live `quire serve`.
#
# 1. builds Tests/browser/fixture-book (with the MiniLM index) into a temp dir and serves it
#    with `quire serve` (no LLM: extractive answers, streamed too);
# 2. builds the same book again with `chatEndpoint` pointing at that server and serves it as
#    plain static files (python -m http.server), to test a cross-origin API and the offline state
#    once the quire server is stopped;
# 3. runs Tests/browser/test_widget.py.
# Env: QUIRE_BIN (quire binary), PYTHON (python with selenium), CHROMIUM, CHROMEDRIVER,
#      QUIRE_SCREENSHOTS (optional folder: the test also saves screenshots there).
set -euo pipefail
cd "$(dirname "$0")/../.."
SUITE="browser tests"
. Tests/lib/browser-env.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/quire-browser.XXXXXX")"
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

book=Tests/browser/fixture-book
echo "browser tests: building the fixture book"
"$QUIRE_BIN" build --content "$book" --config "$book/quire.yml" --out "$work/site" >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "quire build failed"; }
{ cat "$book/quire.yml"; echo "chatEndpoint: http://127.0.0.1:$api_port"; } >"$work/static.yml"
"$QUIRE_BIN" build --content "$book" --config "$work/static.yml" --out "$work/static" --no-index >>"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "quire build (static copy) failed"; }

QUIRE_LLM_PROVIDER=none QUIRE_CORS_ORIGINS="http://127.0.0.1:$static_port" \
  "$QUIRE_BIN" serve --site "$work/site" --host 127.0.0.1 --port "$api_port" --rate-limit 0 --data-dir "$work/data" \
  >"$work/server.log" 2>&1 &
server_pid=$!
pids+=("$server_pid")
"$PYTHON" -m http.server "$static_port" --bind 127.0.0.1 --directory "$work/static" >"$work/static.log" 2>&1 &
pids+=("$!")

"$PYTHON" - "$api_port" "$static_port" <<'PY' || { cat "$work/server.log" >&2; fail "the servers did not start"; }
import sys, time, urllib.request
for port, path in ((sys.argv[1], "/api/ready"), (sys.argv[2], "/")):
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

export QUIRE_TEST_URL="http://127.0.0.1:$api_port" QUIRE_TEST_STATIC_URL="http://127.0.0.1:$static_port"
export QUIRE_TEST_DATA="$work/data" QUIRE_TEST_SITE="$work/site" QUIRE_SERVER_PID="$server_pid" CI=true
if ! "$PYTHON" Tests/browser/test_widget.py </dev/null; then
  echo "--- quire serve log (last 40 lines)" >&2
  tail -n 40 "$work/server.log" >&2 || true
  fail "failed"
fi
# A site built with a baseUrl, served by `quire serve` (issue 19): its own script and server.
QUIRE_BIN="$QUIRE_BIN" PYTHON="$PYTHON" Tests/browser/run-base-url.sh || fail "serving under a baseUrl failed"
echo "browser tests: passed"
