#!/usr/bin/env bash
# Server benchmark (docs/benchmarks.md, "Server"): `quire serve` against the seed's Python stack
# (FastAPI + uvicorn + sentence-transformers + numpy top-k, bench/baseline_server.py) on the same
# chunks, in one run on loopback, with wrk (Debian's package; installed when missing).
#
#   bench/serve.sh
#
# 1. builds quire (release, --scratch-path $SCRATCH), the book (content/ → .cache/serve-bench/site,
#    site + index; a rebuild reuses the vectors) and exports the index's chunks for the baseline;
# 2. quire: RSS, latency with one client (wrk -c1, $LAT_DURATION), throughput at $CONNS connections
#    ($DURATION), RSS again;
# 3. the same for the baseline (its venv under .cache/serve-bench-venv, from PyPI; skipped with a
#    message when it cannot be installed, or with SKIP_BASELINE=1);
# 4. prints a summary table (and writes it as JSON to .cache/serve-bench/summary.json).
#
# Every request is a real search: quire runs with its query-vector cache off (QUIRE_QUERY_CACHE=0), and the queries are the
# 134 questions of content/eval/questions.jsonl, rotated (each wrk connection starts elsewhere).
#
# env: SCRATCH=.build DURATION=60s CONNS=32 THREADS=2 LAT_DURATION=20s BASE_DURATION=$DURATION
#      CONTENT=content QUESTIONS=content/eval/questions.jsonl SKIP_BASELINE=0
#      QUIRE_BIN=path (use this binary, no build)  SITE=dir (an already built site + index, no build)
set -euo pipefail
cd "$(dirname "$0")/.."

SCRATCH="${SCRATCH:-.build}"
DURATION="${DURATION:-60s}"
CONNS="${CONNS:-32}"
THREADS="${THREADS:-2}"
LAT_DURATION="${LAT_DURATION:-20s}"
BASE_DURATION="${BASE_DURATION:-$DURATION}"
CONTENT="${CONTENT:-content}"
QUESTIONS="${QUESTIONS:-content/eval/questions.jsonl}"
MODEL="${QUIRE_MODEL_DIR:-models/all-MiniLM-L6-v2}"
work=.cache/serve-bench
mkdir -p "$work"

log() { echo "== $*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- tools ---------------------------------------------------------------------------------
if ! command -v wrk >/dev/null 2>&1; then
  log "installing wrk (apt-get)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
command -v wrk >/dev/null || { echo "bench: wrk is missing and could not be installed" >&2; exit 1; }
command -v curl >/dev/null || { echo "bench: curl is missing (apt-get install curl)" >&2; exit 1; }
[ -x scripts/fetch-model.sh ] && scripts/fetch-model.sh >&2

if [ -n "${QUIRE_BIN:-}" ]; then
  bin="$QUIRE_BIN"
else
  log "building quire (release, scratch path $SCRATCH)"
  swift build -c release --product quire --scratch-path "$SCRATCH" >&2
  bin="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/quire"
fi

site="${SITE:-}"
if [ -z "$site" ]; then
  site="$work/site"
  log "building $CONTENT into $site"
  "$bin" build --content "$CONTENT" --out "$site" --config quire.yml --model "$MODEL" >&2
fi
"$bin" serve --site "$site" --config /dev/null --export-chunks "$work/chunks.jsonl"

# --- queries: the eval questions, URL-encoded, as a wrk script ------------------------------
python3 - "$QUESTIONS" "$work/queries.lua" <<'PY'
import json, sys, urllib.parse
qs = [json.loads(l)["question"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
paths = ["/api/search?k=5&q=" + urllib.parse.quote_plus(q) for q in qs]
lua = "paths = {\n" + ",\n".join(json.dumps(p) for p in paths) + "\n}\n" + r'''
local counter = 0
local threads = {}
setup = function(thread) counter = counter + 1; thread:set("id", counter); table.insert(threads, thread) end
init = function(args) i = id * 17 end
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('WRKJSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, "connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
'''
open(sys.argv[2], "w").write(lua)
print(f"{len(paths)} distinct queries", file=sys.stderr)
PY

# wrk run → its JSON line (stdout); wrk's own report goes to stderr.
run_wrk() {  # url connections threads duration
  local out
  out=$(wrk -t"$3" -c"$2" -d"$4" --timeout 10s --latency -s "$work/queries.lua" "$1")
  echo "$out" | grep -v '^WRKJSON' >&2
  echo "$out" | grep '^WRKJSON' | sed 's/^WRKJSON //'
}
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
hwm_mb() { awk '/VmHWM/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
wait_ready() {  # url pid seconds
  for _ in $(seq $(( $3 * 10 ))); do
    curl -sf "$1" >/dev/null 2>&1 && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
measure() {  # label pid base_url duration → writes $work/<label>.json
  local label=$1 pid=$2 url=$3 duration=$4
  curl -sf "$url/api/search?q=warm+up&k=5" >/dev/null
  local before; before=$(rss_mb "$pid")
  log "$label: latency, 1 connection, $LAT_DURATION"
  local lat; lat=$(run_wrk "$url" 1 1 "$LAT_DURATION")
  log "$label: throughput, $CONNS connections, $THREADS wrk threads, $duration"
  local thr; thr=$(run_wrk "$url" "$CONNS" "$THREADS" "$duration")
  local after; after=$(rss_mb "$pid")
  local peak; peak=$(hwm_mb "$pid")
  python3 - "$label" "$before" "$after" "$peak" "$lat" "$thr" >"$work/$label.json" <<'PY'
import json, sys
label, before, after, peak, lat, thr = sys.argv[1:]
lat, thr = json.loads(lat), json.loads(thr)
errors = thr["connect"] + thr["read"] + thr["write"] + thr["status"] + thr["timeout"] + lat["status"] + lat["timeout"]
print(json.dumps({"label": label, "rss_before_mb": float(before), "rss_after_mb": float(after), "rss_peak_mb": float(peak),
                  "lat_p50_ms": lat["p50_us"] / 1000, "lat_p99_ms": lat["p99_us"] / 1000, "lat_rps": lat["requests"] / (lat["duration_us"] / 1e6),
                  "rps": thr["requests"] / (thr["duration_us"] / 1e6), "requests": thr["requests"],
                  "p50_ms": thr["p50_us"] / 1000, "p99_ms": thr["p99_us"] / 1000, "errors": errors, "wrk": thr}))
PY
}

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# --- quire -----------------------------------------------------------------------------------
port=$(free_port)
log "quire serve on 127.0.0.1:$port"
QUIRE_QUERY_CACHE=0 "$bin" serve --config /dev/null --site "$site" --model "$MODEL" --port "$port" --rate-limit 0 --data-dir "$work/data" 2>"$work/quire.log" &
qpid=$!; pids+=("$qpid")
wait_ready "http://127.0.0.1:$port/api/ready" "$qpid" 60 || { cat "$work/quire.log" >&2; echo "bench: quire did not start" >&2; exit 1; }
measure quire "$qpid" "http://127.0.0.1:$port" "$DURATION"
kill "$qpid"; wait "$qpid" 2>/dev/null || true

# --- baseline --------------------------------------------------------------------------------
rm -f "$work/baseline.json"
if [ "${SKIP_BASELINE:-0}" != 1 ]; then
  venv=.cache/serve-bench-venv
  want="import fastapi, uvicorn, numpy, sentence_transformers"
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "$want" 2>/dev/null; then
    log "installing the baseline stack into $venv (PyPI)"
    python3 -m venv "$venv" >&2 || true
    # Reuse bench/embed.sh's torch + sentence-transformers when that venv exists (same Python):
    # torch from PyPI is several GB.
    embed=.cache/embed-bench-venv
    if [ -x "$embed/bin/python" ] && "$embed/bin/python" -c "import sentence_transformers" 2>/dev/null \
       && [ "$("$embed/bin/python" -c 'import sys; print(sys.version_info[:2])')" = "$("$venv/bin/python" -c 'import sys; print(sys.version_info[:2])')" ]; then
      "$embed/bin/python" -c 'import site; print(site.getsitepackages()[0])' >"$("$venv/bin/python" -c 'import site; print(site.getsitepackages()[0])')/embed-bench-venv.pth"
      "$venv/bin/pip" install -q --disable-pip-version-check fastapi uvicorn >&2 </dev/null || true
    else
      "$venv/bin/pip" install -q --disable-pip-version-check fastapi uvicorn numpy "torch==2.13.0+cpu" sentence-transformers >&2 </dev/null \
        || "$venv/bin/pip" install -q --disable-pip-version-check fastapi uvicorn numpy torch sentence-transformers >&2 </dev/null || true
    fi
  fi
  if "$venv/bin/python" -c "$want" 2>/dev/null; then
    bport=$(free_port)
    log "baseline (FastAPI + uvicorn + sentence-transformers) on 127.0.0.1:$bport"
    CHUNKS="$work/chunks.jsonl" MODEL="$MODEL" THREADS="$THREADS" "$venv/bin/python" -m uvicorn baseline_server:app \
      --app-dir bench --host 127.0.0.1 --port "$bport" --log-level warning 2>"$work/baseline.log" &
    bpid=$!; pids+=("$bpid")
    if wait_ready "http://127.0.0.1:$bport/api/health" "$bpid" 1800; then
      measure baseline "$bpid" "http://127.0.0.1:$bport" "$BASE_DURATION"
    else
      cat "$work/baseline.log" >&2; echo "bench: the baseline server did not start; skipping it" >&2
    fi
    kill "$bpid" 2>/dev/null; wait "$bpid" 2>/dev/null || true
  else
    echo "bench: could not install fastapi/uvicorn/sentence-transformers into $venv; skipping the baseline" >&2
  fi
fi

# --- summary ---------------------------------------------------------------------------------
python3 - "$work" "$CONNS" "$DURATION" "$(uptime)" "$(wc -l <"$work/chunks.jsonl")" <<'PY'
import json, os, sys
work, conns, duration, uptime, chunks = sys.argv[1:]
rows = [json.load(open(os.path.join(work, f))) for f in ("quire.json", "baseline.json") if os.path.exists(os.path.join(work, f))]
print(f"\n/api/search on loopback, {chunks.strip()} chunks, {conns} connections for {duration}; latency with 1 connection")
print(f"uptime: {uptime.strip()}\n")
print("| server | req/s (c%s) | p50 / p99 (c%s) | p50 / p99 (c1) | errors | RSS before → after (peak) |" % (conns, conns))
print("|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r['label']} | {r['rps']:,.0f} | {r['p50_ms']:.2f} / {r['p99_ms']:.2f} ms | {r['lat_p50_ms']:.2f} / {r['lat_p99_ms']:.2f} ms | "
          f"{r['errors']} of {r['requests']:,} | {r['rss_before_mb']:.0f} → {r['rss_after_mb']:.0f} MB ({r['rss_peak_mb']:.0f}) |")
q = rows[0]
summary = {"uptime": uptime.strip(), "chunks": int(chunks), "rows": rows}
if len(rows) == 2:
    ratio = q["rps"] / rows[1]["rps"] if rows[1]["rps"] else float("inf")
    summary["ratio"] = ratio
    print(f"\nthroughput ratio quire / baseline: {ratio:.1f}x (target >= 8x, goal 10x)")
else:
    print("\n(no baseline measured)")
print(f"targets: p50 <= 3 ms ({q['lat_p50_ms']:.2f}), p99 <= 8 ms ({q['lat_p99_ms']:.2f}), zero errors ({q['errors']}), "
      f"RSS <= 200 MB and flat ({q['rss_before_mb']:.0f} -> {q['rss_after_mb']:.0f})")
json.dump(summary, open(os.path.join(work, "summary.json"), "w"), indent=1)
PY
