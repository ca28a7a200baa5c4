#!/usr/bin/env bash
# Browser test of `quire serve` for a site built with a baseUrl (GitHub Pages project sites live
# under /<repo>/): the Docusaurus fixture project Tests/QuireSiteTests/Fixtures/docusaurus/js-project
# (baseUrl '/robots/' through `process.env.NODE_ENV === 'production' ? ...`) is built from its own
# folder and served; Tests/browser/test_base_url.py then clicks through it in headless Chromium.
# Env: QUIRE_BIN, PYTHON (python with selenium), CHROMIUM, CHROMEDRIVER.
set -euo pipefail
cd "$(dirname "$0")/../.."
SUITE="base-url browser test"
. Tests/lib/browser-env.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/quire-baseurl.XXXXXX")"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cp -r Tests/QuireSiteTests/Fixtures/docusaurus/js-project "$work/book"
bin="$(cd "$(dirname "$QUIRE_BIN")" && pwd)/$(basename "$QUIRE_BIN")"
model="$PWD/models/all-MiniLM-L6-v2"
( cd "$work/book" && "$bin" build --content . --out "$work/site" --model "$model" ) >"$work/build.log" 2>&1 \
  || { cat "$work/build.log" >&2; fail "quire build failed"; }

port="$("$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
QUIRE_LLM_PROVIDER=none "$bin" serve --site "$work/site" --host 127.0.0.1 --port "$port" --rate-limit 0 \
  --data-dir "$work/data" >"$work/server.log" 2>&1 &
server_pid=$!
"$PYTHON" - "$port" <<'PY' || { cat "$work/server.log" >&2; fail "the server did not start"; }
import sys, time, urllib.request
deadline = time.time() + 180
while True:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/api/ready", timeout=5).read()
        break
    except Exception:
        if time.time() > deadline:
            sys.exit("nothing answers")
        time.sleep(0.3)
PY
if ! QUIRE_TEST_URL="http://127.0.0.1:$port" "$PYTHON" Tests/browser/test_base_url.py </dev/null; then
  tail -n 40 "$work/server.log" >&2 || true
  fail "failed"
fi
echo "base-url browser test: passed"
