#!/usr/bin/env bash
# The eval gate of the action: `quire eval` on the new index with the book's questions; fails
# the job when recall@5 or MRR@10 is under its floor. Nothing to do without a question file.
#
# Env: QUIRE_BIN, QUIRE_OUT (output folder with index.qidx), QUIRE_QUESTIONS (JSON lines; empty:
#      no gate), QUIRE_MIN_RECALL (recall@5 floor, optional), QUIRE_MIN_MRR (MRR@10 floor, optional),
#      GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
# Outputs: recall-at-5, mrr-at-10 (when gated)
set -euo pipefail
questions="${QUIRE_QUESTIONS:-}"
[ -n "$questions" ] || { echo "quire action: no eval questions given; no gate"; exit 0; }
bin="${QUIRE_BIN:?QUIRE_BIN must point at quire}"
index="${QUIRE_OUT:-build/quire}/index.qidx"
[ -f "$questions" ] || { echo "quire action: eval question file '$questions' not found" >&2; exit 1; }

num='^[0-9]*\.?[0-9]+$'
args=(eval --index "$index" --questions "$questions" --json)
if [ -n "${QUIRE_MIN_RECALL:-}" ]; then
  [[ "$QUIRE_MIN_RECALL" =~ $num ]] || { echo "quire action: min-recall must be a number, not '$QUIRE_MIN_RECALL'" >&2; exit 64; }
  args+=(--min-recall5 "$QUIRE_MIN_RECALL")
fi
if [ -n "${QUIRE_MIN_MRR:-}" ]; then
  [[ "$QUIRE_MIN_MRR" =~ $num ]] || { echo "quire action: min-mrr must be a number, not '$QUIRE_MIN_MRR'" >&2; exit 64; }
  args+=(--min-mrr "$QUIRE_MIN_MRR")
fi

json="$(mktemp)"
trap 'rm -f "$json"' EXIT
set +e
"$bin" "${args[@]}" >"$json"
rc=$?
set -e
value() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$json" "$1" 2>/dev/null || true; }
recall="$(value 'recall@5')" mrr="$(value 'mrr@10')"
[ -n "$recall" ] || { cat "$json" >&2; echo "quire action: quire eval failed (exit $rc)" >&2; exit "$(( rc == 0 ? 1 : rc ))"; }
echo "recall-at-5=$recall" >>"${GITHUB_OUTPUT:-/dev/stdout}"
echo "mrr-at-10=$mrr" >>"${GITHUB_OUTPUT:-/dev/stdout}"
verdict="passed"; [ "$rc" = 0 ] || verdict="FAILED"
echo "quire action: eval gate $verdict: recall@5 $recall (floor ${QUIRE_MIN_RECALL:-none}), MRR@10 $mrr (floor ${QUIRE_MIN_MRR:-none})"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### Quire eval gate: $verdict"
    echo
    echo "| recall@5 | floor | MRR@10 | floor |"
    echo "|---:|---:|---:|---:|"
    echo "| $recall | ${QUIRE_MIN_RECALL:-–} | $mrr | ${QUIRE_MIN_MRR:-–} |"
  } >>"$GITHUB_STEP_SUMMARY"
fi
exit "$rc"
