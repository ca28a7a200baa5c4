#!/usr/bin/env bash
# The container image without Docker: runs the Dockerfile's build steps (the
# `deploy/image-root.sh STEP /image-root` RUN lines, in the Dockerfile's order) into a folder that
# stands for the image's root, then starts it as the image would start: the runtime stage's ENV
# (absolute paths moved under the folder), WORKDIR, ENTRYPOINT and CMD, with PORT set to a free
# port (the image honours PORT) and QUIRE_HOST=127.0.0.1 (loopback only here). Then it checks
# /api/health, /api/ready, a search and the HEALTHCHECK command, and stops the server with SIGTERM.
#
# Usage: scripts/docker-local.sh [--root DIR=.cache/image-root] [--no-build] [--book DIR] [--query Q]
#                                [--expect SOURCE] [--env NAME=VALUE]... [--keep-running]
#   --book DIR        serve DIR as if mounted at /book (a built site, or content/ + quire.yml)
#   --query/--expect  the search to check, and the source (page path) expected in its results
#   --env NAME=VALUE  one more variable for the container (docker run -e), paths left as given
#   --keep-running    leave the server up (Ctrl-C stops it) to look at it in a browser
# Env: QUIRE_RELEASE_BIN (reuse a release binary built with --static-swift-stdlib),
#      QUIRE_SCRATCH (build folder for the release build, default .build-deploy), PORT.
set -euo pipefail
cd "$(dirname "$0")/.."

root=.cache/image-root
build=1
book=""
query="inverse kinematics jacobian"
expect=""
keep=0
extra_env=()
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --book) book="$(cd "$2" && pwd)"; shift 2 ;;
    --query) query="$2"; shift 2 ;;
    --expect) expect="$2"; shift 2 ;;
    --env) extra_env+=("$2"); shift 2 ;;
    --keep-running) keep=1; shift ;;
    *) echo "docker-local: unknown argument '$1' (see the header of $0)" >&2; exit 64 ;;
  esac
done
mkdir -p "$root"
root="$(cd "$root" && pwd)"
say() { echo "docker-local: $*" >&2; }

# The runtime stage: everything after the last FROM, continuation lines joined.
runtime="$(awk '/^FROM /{buf=""} {buf=buf $0 "\n"} END{printf "%s", buf}' Dockerfile | sed -e ':a' -e '/\\$/N; s/\\\n//; ta')"

# 1. The build steps, as the Dockerfile lists them.
if [ "$build" = 1 ]; then
  steps="$(grep -oE 'deploy/image-root\.sh [a-z]+ /image-root' Dockerfile | awk '{print $2}')"
  [ -n "$steps" ] || { say "no deploy/image-root.sh steps in the Dockerfile"; exit 1; }
  export QUIRE_SCRATCH="${QUIRE_SCRATCH:-.build-deploy}"
  for step in $steps; do
    say "step $step"
    start=$(date +%s)
    deploy/image-root.sh "$step" "$root"
    say "step $step done in $(( $(date +%s) - start )) s"
  done
fi

# 2. The image's environment, paths under the root.
env_line="$(printf '%s\n' "$runtime" | grep -E '^ENV ' | sed -e 's/^ENV //' | tr '\n' ' ')"
declare -A image_env=()
for kv in $env_line; do
  k="${kv%%=*}"; v="${kv#*=}"
  case "$v" in /*) v="$root$v" ;; esac
  image_env[$k]="$v"
done
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="${PORT:-$(free_port)}"
image_env[PORT]="$port"
image_env[QUIRE_HOST]=127.0.0.1
if [ -n "$book" ]; then
  image_env[QUIRE_BOOK]="$book"
fi
for kv in "${extra_env[@]}"; do image_env[${kv%%=*}]="${kv#*=}"; done
env_args=()
for k in "${!image_env[@]}"; do env_args+=("$k=${image_env[$k]}"); done

workdir="$(printf '%s\n' "$runtime" | grep -E '^WORKDIR ' | tail -n1 | awk '{print $2}')"
json_array() { python3 -c 'import json,sys; print("\n".join(json.loads(sys.argv[1])))' "$1"; }
mapfile -t entrypoint < <(json_array "$(printf '%s\n' "$runtime" | grep -E '^ENTRYPOINT ' | sed -e 's/^ENTRYPOINT //')")
mapfile -t cmd < <(json_array "$(printf '%s\n' "$runtime" | grep -E '^CMD ' | sed -e 's/^CMD //')")
mapfile -t health < <(json_array "$(printf '%s\n' "$runtime" | grep -E '^HEALTHCHECK ' | sed -e 's/.* CMD //')")
entrypoint[0]="$root${entrypoint[0]}"
health[0]="$root${health[0]}"
mkdir -p "$root$workdir" "$root/tmp"

# 3. Start it as the image would.
log="$root/../image-root-serve.log"
say "starting ${entrypoint[*]#"$root"} ${cmd[*]} on 127.0.0.1:$port (log: $log)"
(
  cd "$root$workdir"
  exec env -i HOME="$root$workdir" PATH="$root/usr/local/bin:/usr/bin:/bin" "${env_args[@]}" "${entrypoint[@]}" "${cmd[@]}"
) >"$log" 2>&1 &
pid=$!
stop() {
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
}
trap stop EXIT

ok=0
for _ in $(seq 1 600); do
  if ! kill -0 "$pid" 2>/dev/null; then say "the server exited:"; cat "$log" >&2; exit 1; fi
  if curl -fsS "http://127.0.0.1:$port/api/ready" >/dev/null 2>&1; then ok=1; break; fi
  sleep 0.5
done
[ "$ok" = 1 ] || { say "not ready after 300 s"; cat "$log" >&2; exit 1; }

fail=0
check() { if eval "$2"; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi; }
# Bodies are fetched first, then matched (curl | grep -q fails under pipefail when grep stops early).
fetch() { curl -fsS "$@" 2>&1 || true; }
health_body="$(fetch "http://127.0.0.1:$port/api/health")"
ready_body="$(fetch "http://127.0.0.1:$port/api/ready")"
search="$(fetch -G "http://127.0.0.1:$port/api/search" --data-urlencode "q=$query" --data-urlencode k=5)"
home_page="$(fetch "http://127.0.0.1:$port/")"
check "GET /api/health on PORT=$port" "grep -q '\"ok\"' <<<\"\$health_body\""
check "GET /api/ready" "grep -q '\"ready\"' <<<\"\$ready_body\""
check "GET /api/search?q=$query has results" "grep -q '\"rank\": *1' <<<\"\$search\""
if [ -n "$expect" ]; then
  check "search finds $expect" "grep -q '\"source\": *\"$expect\"' <<<\"\$search\""
fi
check "GET / serves the site" "grep -qi '<html' <<<\"\$home_page\""
check "HEALTHCHECK (${health[*]#"$root"}) exits 0" \
  "env -i PATH=/usr/bin:/bin PORT=$port \"\${health[@]}\""
check "the server runs the image's binary" "grep -q 'serving on http://127.0.0.1:$port' \"\$log\""

if [ "$keep" = 1 ]; then
  say "serving on http://127.0.0.1:$port/ (Ctrl-C stops it)"
  wait "$pid" || true
  exit 0
fi

stop
check "SIGTERM stops it" "! kill -0 $pid 2>/dev/null"
trap - EXIT
[ "$fail" = 0 ] || { say "failed; server log:"; tail -n 30 "$log" >&2; exit 1; }
say "all checks passed"
