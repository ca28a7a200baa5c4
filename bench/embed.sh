#!/usr/bin/env bash
# Embedding benchmark: Quire's Swift MiniLM vs sentence-transformers (torch), one run, same machine,
# same passages (512 × ~220 word pieces cut from content/docs) and queries.
# Prints passages/s (batches of 32), single-query latency p50/p99, peak RSS, and one-thread sgemm
# GFLOP/s, for: quire (OPENBLAS_CORETYPE chosen by quire), quire with OpenBLAS left to detect the
# CPU itself, and sentence-transformers with 2 threads (in a throwaway venv under .cache/; skipped
# with a message when it cannot be installed).
# Queries: the questions of $QUESTIONS (default content/eval/questions.jsonl, ~22 word pieces), timed
# one at a time on both threads and on one. Rows: int8 on AMX (where the CPU has it), int8 forced
# onto AVX-512 VNNI, fp32 queries, int8 passages (quire build --passage-precision int8).
# Usage: bench/embed.sh            env: PASSAGES=512 THREADS=2 SCRATCH=.build SKIP_PYTHON=1 QUESTIONS=file
set -euo pipefail
cd "$(dirname "$0")/.."

PASSAGES="${PASSAGES:-512}"
THREADS="${THREADS:-2}"
SCRATCH="${SCRATCH:-.build}"
MODEL="${QUIRE_MODEL_DIR:-models/all-MiniLM-L6-v2}"
QUESTIONS="${QUESTIONS:-content/eval/questions.jsonl}"
scripts/fetch-model.sh

echo "== building quire (release)" >&2
swift build -c release --product quire --scratch-path "$SCRATCH" >&2
bin="$(swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/quire"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
run_quire() {  # label, extra env...
  local label="$1"; shift
  local timer=()
  [ -x /usr/bin/time ] && timer=(/usr/bin/time -f '%M' -o "$tmp/rss")
  echo 0 >"$tmp/rss"
  env QUIRE_THREADS="$THREADS" "$@" "${timer[@]}" \
    "$bin" embed --model "$MODEL" --bench-make-passages content/docs --bench-passages "$tmp/passages-$label.jsonl" \
      --bench-count "$PASSAGES" --bench-tokens 220 --bench-batch 32 --bench-queries "$QUESTIONS" \
      ${BENCH_EXTRA:-} >"$tmp/$label.json"
  python3 - "$tmp/$label.json" "$tmp/rss" "$label" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); r["label"] = sys.argv[3]
kb = int(open(sys.argv[2]).read().split()[-1])  # /usr/bin/time's max RSS when available, else VmHWM
if kb: r["peak_rss_mb"] = kb / 1024
json.dump(r, open(sys.argv[1], "w"))
PY
}

echo "== quire" >&2
run_quire quire
echo "== quire, OpenBLAS left to detect the CPU (QUIRE_NO_CORETYPE=1)" >&2
PASSAGES_SAVE="$PASSAGES"; PASSAGES=$(( PASSAGES < 128 ? PASSAGES : 128 ))
run_quire quire-no-coretype QUIRE_NO_CORETYPE=1
echo "== quire, fp32 queries (QUIRE_QUERY_PRECISION=fp32; the default is int8 on AMX or AVX-512 VNNI)" >&2
run_quire quire-fp32-queries QUIRE_QUERY_PRECISION=fp32
echo "== quire, int8 on AVX-512 VNNI (QUIRE_INT8_KERNEL=vnni; the default is AMX where the CPU has it)" >&2
run_quire quire-vnni QUIRE_INT8_KERNEL=vnni
PASSAGES="$PASSAGES_SAVE"
echo "== quire, int8 passages (quire build --passage-precision int8)" >&2
BENCH_EXTRA="--bench-passage-precision int8" run_quire quire-int8-passages

have_ref=0
if [ "${SKIP_PYTHON:-0}" != 1 ]; then
  venv=.cache/embed-bench-venv
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sentence_transformers" 2>/dev/null; then
    echo "== installing sentence-transformers + torch (CPU) in $venv" >&2
    # The CPU-only torch wheel first (a fraction of the default one's download), then any torch.
    python3 -m venv "$venv" >&2 && { "$venv/bin/pip" install -q --disable-pip-version-check \
      "torch==2.13.0+cpu" sentence-transformers >&2 </dev/null || "$venv/bin/pip" install -q --disable-pip-version-check \
      torch sentence-transformers >&2 </dev/null; } ||
      echo "bench: could not install sentence-transformers; skipping the Python reference" >&2
  fi
  if "$venv/bin/python" -c "import sentence_transformers" 2>/dev/null; then
    echo "== sentence-transformers ($THREADS threads)" >&2
    "$venv/bin/python" bench/embed_reference.py "$MODEL" "$tmp/passages-quire.jsonl" "$THREADS" 32 "$QUESTIONS" >"$tmp/st.json" && have_ref=1
  fi
else
  echo "bench: SKIP_PYTHON=1, sentence-transformers not measured" >&2
fi

python3 - "$tmp" "$have_ref" <<'PY'
import json, os, sys
d, have_ref = sys.argv[1], sys.argv[2] == "1"
rows = [json.load(open(os.path.join(d, n + ".json"))) for n in ["quire", "quire-vnni", "quire-fp32-queries", "quire-int8-passages", "quire-no-coretype"] + (["st"] if have_ref else [])]
print(f"{'engine':58} {'passages/s':>10} {'query p50':>10} {'query p99':>10} {'1-thread p50':>12} {'peak RSS':>9} {'sgemm 1t':>9}")
for r in rows:
    if "label" in r:
        name = r["label"] + " (" + r.get("int8_kernel", "-") + ", " + r.get("query_precision", "fp32") + " queries, " + r.get("passage_precision", "fp32") + " passages)"
    else:
        name = r["engine"]
    g = f"{r['gemm_gflops_1thread']:.0f} GF/s" if "gemm_gflops_1thread" in r else "-"
    one = f"{r['query_p50_ms_1thread']:10.2f}ms" if "query_p50_ms_1thread" in r else f"{'-':>12}"
    print(f"{name[:58]:58} {r['passages_per_s']:10.1f} {r['query_p50_ms']:8.2f}ms {r['query_p99_ms']:8.2f}ms {one} {r['peak_rss_mb']:7.0f}MB {g:>9}")
q = rows[0]
print(f"passages: {q['passages']} × {q['mean_tokens']:.1f} tokens (mean), batch {q['batch']}, threads {q['threads']}; queries ~{q['query_tokens_mean']:.0f} tokens")
print(f"BLAS: {q['blas']}")
if have_ref:
    print(f"quire / sentence-transformers throughput: {q['passages_per_s'] / rows[-1]['passages_per_s']:.2f}×")
print("JSON " + json.dumps(rows))
PY
