#!/usr/bin/env bash
# Index and retrieval measurements (docs/benchmarks.md, "Index and retrieval").
#
#   bench/search.sh [DOCS_ROOT=../shared/corpora/physical-ai-book/docs] [QUESTIONS=../shared/eval/dev-questions.jsonl]
#
# 1. builds the book's index with MiniLM (release), full then unchanged (incremental),
# 2. evaluates BM25 only, dense only, RRF and score mixing on the questions,
# 3. times search with query embedding on the book and on its chunks repeated to 10,000.
# Uses the gated tests in Tests/QuireIndexTests/Bench (they need models/all-MiniLM-L6-v2).
# Once `quire build` writes indexes, the same numbers come from
#   quire build --content DIR --out site && quire eval --index site/index.qidx --questions Q --json [--fusion bm25|dense|rrf|mix]
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${1:-../shared/corpora/physical-ai-book/docs}
questions=${2:-../shared/eval/dev-questions.jsonl}
out=${OUT:-/tmp/quire-bench-search.qidx}
swift_test() { swift test -c release -Xswiftc -enable-testing --scratch-path .build-bench-search "$@" 2>&1; }

rm -f "$out"
echo "== full build"
QUIRE_INDEX_CORPUS=$(realpath "$docs") QUIRE_INDEX_OUT=$out swift_test --filter corpusIndex | grep BENCH
echo "== unchanged rebuild"
QUIRE_INDEX_CORPUS=$(realpath "$docs") QUIRE_INDEX_OUT=$out swift_test --filter corpusIndex | grep BENCH
echo "== retrieval"
QUIRE_INDEX_OUT=$out QUIRE_EVAL_QUESTIONS=$(realpath "$questions") swift_test --filter corpusEval | grep EVAL
echo "== latency"
QUIRE_LATENCY=1 QUIRE_INDEX_OUT=$out swift_test --filter searchLatency | grep LATENCY
