#!/usr/bin/env bash
# How fast readers get the book's answer when the language model is down or slow
# (docs/benchmarks.md, "LLM failures"). Real `quire serve` processes on loopback, a real
# /api/ask per measurement, providers that are a closed port, a server that accepts and never
# answers, one that sends headers and stalls, one that trickles words forever
# (bench/llm_fake_provider.py), and no provider at all as the baseline.
#
#   bench/llm-failures.sh
#
# env: QUIRE_BIN=path (use this binary, no build)  SITE=dir (an already built site + index)
#      SCRATCH=.build  CONFIG=release  N=20 (asks per fast scenario)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH:-.build}"
CONFIG="${CONFIG:-release}"
work=.cache/llm-bench
mkdir -p "$work"
log() { echo "== $*" >&2; }

if [ -n "${QUIRE_BIN:-}" ]; then
  bin="$QUIRE_BIN"
else
  log "building quire ($CONFIG, scratch path $SCRATCH)"
  swift build -c "$CONFIG" --product quire --scratch-path "$SCRATCH" >&2
  bin="$(swift build -c "$CONFIG" --scratch-path "$SCRATCH" --show-bin-path)/quire"
fi

site="${SITE:-}"
if [ -z "$site" ]; then
  site="$work/site"
  [ -x scripts/fetch-model.sh ] && scripts/fetch-model.sh >&2
  log "building content/ into $site"
  "$bin" build --content content --out "$site" --config quire.yml >&2
fi

exec python3 bench/llm_failures.py --bin "$bin" --site "$site" --n "${N:-20}"
