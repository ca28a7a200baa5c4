#!/usr/bin/env bash
# Retrieval gate: `quire eval` on the question set, failing (exit 1) when page-level recall@5 or
# MRR@10 falls under its floor (quire eval --min-recall5/--min-mrr). Used by
# .github/workflows/site.yml before the site is published, and by Tests/deploy/run.sh on the
# index scripts/docker-local.sh builds.
# Usage: deploy/eval-gate.sh [INDEX=dist/index.qidx] [QUESTIONS=content/eval/questions.jsonl]
# Env: QUIRE_BIN (default quire on PATH), EVAL_MIN_RECALL5 (0.95), EVAL_MIN_MRR10 (0.88).
set -euo pipefail
index="${1:-dist/index.qidx}"
questions="${2:-content/eval/questions.jsonl}"
min_r5="${EVAL_MIN_RECALL5:-0.95}"
min_mrr="${EVAL_MIN_MRR10:-0.88}"
echo "eval-gate: floors recall@5 >= $min_r5, MRR@10 >= $min_mrr on $questions"
exec "${QUIRE_BIN:-quire}" eval --index "$index" --questions "$questions" --json \
  --min-recall5 "$min_r5" --min-mrr "$min_mrr"
