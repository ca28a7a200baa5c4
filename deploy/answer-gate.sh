#!/usr/bin/env bash
# Answer gate: `quire eval --answers` on the in-scope and out-of-scope question sets, failing
# (exit 1) when the share answered, the share whose first citation is on a gold page, or the
# share of out-of-scope questions flagged "not covered" falls under its floor, or when an answer
# cites one section under two numbers. Used by .github/workflows/site.yml after the retrieval gate.
# Usage: deploy/answer-gate.sh [INDEX=dist/index.qidx] [IN=content/eval/answers-in-scope.jsonl] [OUT=content/eval/answers-out-of-scope.jsonl]
# Env: QUIRE_BIN (default quire on PATH), ANSWER_MIN_ANSWERED (0.97), ANSWER_MIN_FIRST_GOLD (0.85),
#      ANSWER_MIN_FLAGGED (0.95).
set -euo pipefail
index="${1:-dist/index.qidx}"
in_scope="${2:-content/eval/answers-in-scope.jsonl}"
out_of_scope="${3:-content/eval/answers-out-of-scope.jsonl}"
bin="${QUIRE_BIN:-quire}"
min_answered="${ANSWER_MIN_ANSWERED:-0.97}"
min_gold="${ANSWER_MIN_FIRST_GOLD:-0.85}"
min_flagged="${ANSWER_MIN_FLAGGED:-0.95}"
echo "answer-gate: answered >= $min_answered, first citation gold >= $min_gold on $in_scope"
"$bin" eval --answers --index "$index" --questions "$in_scope" --json --misses \
  --min-answered "$min_answered" --min-first-gold "$min_gold"
echo "answer-gate: flagged >= $min_flagged on $out_of_scope"
"$bin" eval --answers --index "$index" --questions "$out_of_scope" --json --misses --min-flagged "$min_flagged"
