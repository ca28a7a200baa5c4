#!/usr/bin/env bash
# Load test of `quire serve` /api/search with wrk (Debian's `wrk` package).
# Usage: bench/serve.sh [SITE=dist] [DURATION=60s] [CONNECTIONS=32]
# Prints wrk's latency distribution and the server's RSS before and after.
set -euo pipefail
SITE=${1:-dist}
DURATION=${2:-60s}
CONNS=${3:-32}
PORT=${PORT:-8089}
command -v wrk >/dev/null || { echo "wrk missing: apt-get install -y wrk" >&2; exit 1; }
swift build -c release --product quire >/dev/null
BIN=$(swift build -c release --show-bin-path)/quire
"$BIN" serve --site "$SITE" --port "$PORT" --rate-limit 0 2>serve.log &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/api/ready" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2/1024 " MB"}' /proc/$PID/status; }
echo "RSS before: $(rss)"
cat > /tmp/quire-queries.lua <<'LUA'
local qs = {"inverse kinematics", "what is a lidar", "ros 2 topics", "jacobian singularity", "humanoid balance control",
            "sensor fusion kalman filter", "reinforcement learning policy", "camera calibration", "motor torque", "path planning"}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/search?q=" .. qs[(i % #qs) + 1]:gsub(" ", "+") .. "&k=5")
end
LUA
wrk -t2 -c"$CONNS" -d"$DURATION" --latency -s /tmp/quire-queries.lua "http://127.0.0.1:$PORT"
echo "RSS after: $(rss)"
