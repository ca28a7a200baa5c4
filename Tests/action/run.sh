#!/usr/bin/env bash
# The GitHub Action and the release archive, end to end on the real book in content/ with the
# real MiniLM model:
#   1. action.yml and .github/workflows/release.yml validate against GitHub's schemas (and a
#      broken action.yml does not);
#   2. scripts/release-archive.sh packs a quire (QUIRE_RELEASE_BIN, else QUIRE_BIN); the archive
#      unpacked into an empty folder builds content/ and serves it with no checkout beside it;
#   3. scripts/action/fetch-quire.sh downloads that archive from a loopback "release", checks
#      SHA256SUMS, refuses a tampered one, reports "no release" (exit 3) for the fallback;
#   4. scripts/action/build.sh: outputs; an index copied elsewhere and reused into a fresh output
#      folder embeds 0 chunks; a one-word edit embeds 1; an index from another model is refused
#      with a one-line notice; the search input;
#   5. scripts/action/gate.sh: passes above the floors, fails under them, no file = no gate.
# Env: QUIRE_BIN (quire), QUIRE_RELEASE_BIN (optional: a --static-swift-stdlib build to pack),
#      PYTHON (test venv: check-jsonschema beside it).
set -euo pipefail
cd "$(dirname "$0")/../.."
repo="$PWD"
QUIRE_BIN="${QUIRE_BIN:-$(swift build --show-bin-path)/quire}"
PYTHON="${PYTHON:-$PWD/.cache/test-venv/bin/python}"
venv_bin="$(dirname "$PYTHON")"
model="${QUIRE_MODEL_DIR:-$repo/models/all-MiniLM-L6-v2}"

fail() { echo "action tests: FAIL: $*" >&2; exit 1; }
ok() { echo "action tests: ok: $*"; }
[ -x "$QUIRE_BIN" ] || fail "no quire binary at $QUIRE_BIN (swift build --product quire, or set QUIRE_BIN)"
[ -x "$venv_bin/check-jsonschema" ] || fail "no check-jsonschema in $venv_bin (scripts/setup.sh --test)"
[ -f "$model/model.safetensors" ] || fail "no model in $model (scripts/fetch-model.sh)"
command -v patchelf >/dev/null || fail "patchelf is missing (apt-get install patchelf; scripts/setup.sh --test)"
[ -f templates/vendor/mermaid/mermaid.js ] || scripts/fetch-mermaid.sh

work="$(mktemp -d "${TMPDIR:-/tmp}/quire-action.XXXXXX")"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
outputs() { cat "$1"; }  # KEY=VALUE lines
get() { sed -n "s/^$2=//p" "$1" | tail -n1; }

# --- 1. schemas ---------------------------------------------------------------------------------
"$venv_bin/check-jsonschema" --builtin-schema vendor.github-actions action.yml >/dev/null || fail "action.yml does not validate"
"$venv_bin/check-jsonschema" --builtin-schema vendor.github-workflows .github/workflows/release.yml >/dev/null \
  || fail "release.yml does not validate"
sed 's/using: composite/using: compositee/' action.yml >"$work/bad-action.yml"
if "$venv_bin/check-jsonschema" --builtin-schema vendor.github-actions "$work/bad-action.yml" >/dev/null 2>&1; then
  fail "the schema check accepts a broken action.yml"
fi
# Every script the action runs exists and is executable.
for s in $(grep -o 'scripts/[a-z/-]*\.sh' action.yml | sort -u); do [ -x "$s" ] || fail "action.yml runs $s, which is not an executable file"; done
ok "action.yml and release.yml validate against GitHub's schemas"

# --- 2. release archive, unpacked alone -----------------------------------------------------------
# The static release binary when one was built (CI's deploy suite builds .build-deploy/release/quire), else QUIRE_BIN.
pack_bin="$QUIRE_BIN"
[ -n "${QUIRE_RELEASE_BIN:-}" ] && [ -x "$QUIRE_RELEASE_BIN" ] && pack_bin="$QUIRE_RELEASE_BIN"
echo "action tests: packing $pack_bin"
archive="$(scripts/release-archive.sh --binary "$pack_bin" --version v0.0.0-test --out "$work/release")"
[ -f "$archive" ] || fail "release-archive.sh did not print an archive path"
( cd "$work/release" && sha256sum -c --quiet SHA256SUMS ) || fail "SHA256SUMS does not match the archive"
name="$(basename "$archive" .tar.gz)"
case "$name" in quire-v0.0.0-test-linux-x86_64|quire-v0.0.0-test-linux-aarch64) ;; *) fail "unexpected archive name $name" ;; esac
listing="$(tar -tzf "$archive")"
for f in bin/quire share/quire/templates/page.mustache share/quire/templates/assets/mermaid-loader.js \
         share/quire/templates/vendor/mermaid/mermaid.js share/doc/quire/third_party/mermaid/LICENSE share/doc/quire/VERSION; do
  grep -qx "$name/$f" <<<"$listing" || fail "$f is missing from the archive"
done
grep -q "^$name/lib/libcmark-gfm" <<<"$listing" || fail "cmark-gfm is not in the archive's lib/"

mkdir -p "$work/empty"
tar -xzf "$archive" -C "$work/empty"
app="$work/empty/$name"
[[ "$(patchelf --print-rpath "$app/bin/quire")" == '$ORIGIN/../lib'* ]] || fail "bin/quire does not look in ../lib first"
( cd "$work/empty" && env -u QUIRE_TEMPLATES -u QUIRE_MERMAID_JS "$app/bin/quire" build --content "$repo/content" \
    --config "$repo/quire.yml" --model "$model" --out "$work/empty/site" ) >"$work/archive-build.log" 2>&1 \
  || { cat "$work/archive-build.log" >&2; fail "the unpacked archive cannot build content/"; }
[ -f "$work/empty/site/index.qidx" ] || fail "no index.qidx from the unpacked archive"
ls "$work/empty/site/assets/"quire.*.css >/dev/null 2>&1 || fail "no hashed stylesheet: templates not found beside the binary"
grep -rlq 'mermaid-loader' "$work/empty/site/docs" || fail "pages with diagrams do not load the renderer (mermaid not found beside the binary)"
ls "$work/empty/site/assets/vendor/"mermaid.*.js.gz >/dev/null 2>&1 || fail "the renderer was not copied into the site"
port="$(free_port)"
( cd "$work/empty" && exec env -u QUIRE_TEMPLATES QUIRE_LLM_PROVIDER=none "$app/bin/quire" serve --site "$work/empty/site" \
    --model "$model" --host 127.0.0.1 --port "$port" --rate-limit 0 ) >"$work/serve.log" 2>&1 &
pids+=("$!")
"$PYTHON" - "$port" <<'PY' || { cat "$work/serve.log" >&2; fail "the unpacked archive does not serve the book"; }
import json, sys, time, urllib.request
base = "http://127.0.0.1:%s" % sys.argv[1]
deadline = time.time() + 120
while True:
    try:
        urllib.request.urlopen(base + "/api/ready", timeout=5).read(); break
    except Exception:
        if time.time() > deadline: sys.exit("not ready")
        time.sleep(0.3)
home = urllib.request.urlopen(base + "/", timeout=10).read().decode()
assert "<html" in home, home[:200]
res = json.load(urllib.request.urlopen(base + "/api/search?q=kalman%20filter&k=3", timeout=30))
assert res["results"], res
PY
kill "${pids[-1]}" 2>/dev/null || true
ok "the release archive unpacked into an empty folder builds and serves content/"

# --- 3. fetch-quire.sh against a loopback release ------------------------------------------------
rel_port="$(free_port)"
mkdir -p "$work/srv/good" "$work/srv/bad" "$work/srv/other-arch"
cp "$archive" "$work/release/SHA256SUMS" "$work/srv/good/"
cp "$archive" "$work/srv/bad/"
sed 's/^[0-9a-f]\{8\}/00000000/' "$work/release/SHA256SUMS" >"$work/srv/bad/SHA256SUMS"
sed 's/linux-[a-z0-9_]*\.tar\.gz/linux-sparc64.tar.gz/' "$work/release/SHA256SUMS" >"$work/srv/other-arch/SHA256SUMS"
"$PYTHON" -m http.server "$rel_port" --bind 127.0.0.1 --directory "$work/srv" >"$work/release-server.log" 2>&1 &
pids+=("$!")
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$rel_port/good/SHA256SUMS" >/dev/null 2>&1 && break; sleep 0.1; done

bin="$(QUIRE_RELEASE_URL="http://127.0.0.1:$rel_port/good" scripts/action/fetch-quire.sh "$work/fetched" 2>"$work/fetch.log")" \
  || { cat "$work/fetch.log" >&2; fail "fetch-quire.sh could not install a good release"; }
[ "$bin" = "$work/fetched/bin/quire" ] && [ -x "$bin" ] || fail "fetch-quire.sh printed '$bin'"
grep -q "installed $name.tar.gz (sha256 " "$work/fetch.log" || fail "fetch-quire.sh did not report the checksum"

rc=0; QUIRE_RELEASE_URL="http://127.0.0.1:$rel_port/bad" scripts/action/fetch-quire.sh "$work/fetched-bad" >/dev/null 2>"$work/fetch-bad.log" || rc=$?
[ "$rc" = 1 ] || fail "a tampered SHA256SUMS gave exit $rc, not 1"
grep -q "sha256 mismatch for $name.tar.gz" "$work/fetch-bad.log" || fail "no mismatch message: $(cat "$work/fetch-bad.log")"
[ ! -e "$work/fetched-bad" ] || fail "a tampered archive was unpacked"

rc=0; QUIRE_RELEASE_URL="http://127.0.0.1:$rel_port/none" scripts/action/fetch-quire.sh "$work/f3" >/dev/null 2>"$work/fetch-none.log" || rc=$?
[ "$rc" = 3 ] || fail "a missing release gave exit $rc, not 3 (the fallback signal)"
rc=0; QUIRE_RELEASE_URL="http://127.0.0.1:$rel_port/other-arch" scripts/action/fetch-quire.sh "$work/f4" >/dev/null 2>"$work/fetch-arch.log" || rc=$?
[ "$rc" = 3 ] || fail "a release without this architecture gave exit $rc, not 3"
grep -q "has no linux-" "$work/fetch-arch.log" || fail "no 'no archive for this architecture' message"
ok "fetch-quire.sh: verified install, tampered release refused, missing release/architecture -> exit 3"

# --- 4. build.sh: outputs, reuse from anywhere, one-word edit, another model ---------------------
build() {  # NAME CONTENT OUT [extra env...]: runs build.sh, outputs in $work/NAME.out, log in $work/NAME.log
  local n="$1" content="$2" out="$3"; shift 3
  : >"$work/$n.out"
  env QUIRE_BIN="$QUIRE_BIN" QUIRE_CONTENT="$content" QUIRE_OUT="$out" QUIRE_CONFIG="$repo/quire.yml" \
      QUIRE_MODEL_DIR="$model" GITHUB_OUTPUT="$work/$n.out" GITHUB_STEP_SUMMARY="$work/$n.summary" "$@" \
      scripts/action/build.sh >"$work/$n.log" 2>&1 || { cat "$work/$n.log" >&2; fail "build.sh ($n) failed"; }
}
cache="$work/cache/index.qidx"
build first content "$work/site1" QUIRE_PREVIOUS_INDEX="$cache" QUIRE_SAVE_INDEX="$cache"
pages="$(get "$work/first.out" pages)" chunks="$(get "$work/first.out" chunks)"
[ "$(get "$work/first.out" site-path)" = "$work/site1" ] || fail "site-path output: $(outputs "$work/first.out")"
[ "$pages" -ge 20 ] && [ "$chunks" -ge "$pages" ] || fail "pages/chunks outputs: $(outputs "$work/first.out")"
[ "$(get "$work/first.out" chunks-embedded)" = "$chunks" ] && [ "$(get "$work/first.out" chunks-reused)" = 0 ] \
  || fail "a first build with an empty cache must embed every chunk: $(outputs "$work/first.out")"
grep -q "no previous index in the cache" "$work/first.log" || fail "no 'empty cache' line"
grep -q "| $pages | $chunks | $chunks | 0 |" "$work/first.summary" || fail "job summary: $(cat "$work/first.summary")"
[ -f "$cache" ] || fail "the new index was not copied for the cache"

# Only index.qidx travels (as through a CI cache): a fresh output folder reuses every vector.
mkdir -p "$work/elsewhere" && cp "$work/site1/index.qidx" "$work/elsewhere/old.qidx"
build again content "$work/site2" QUIRE_PREVIOUS_INDEX="$work/elsewhere/old.qidx"
[ "$(get "$work/again.out" chunks-embedded)" = 0 ] && [ "$(get "$work/again.out" chunks-reused)" = "$chunks" ] \
  || fail "reusing an index copied elsewhere into a fresh folder must embed 0: $(outputs "$work/again.out")"
# The CLI flag itself, without the script.
"$QUIRE_BIN" build --content content --config quire.yml --model "$model" --out "$work/site3" \
  --reuse-index "$work/elsewhere/old.qidx" >"$work/cli.log" 2>&1 || { cat "$work/cli.log" >&2; fail "quire build --reuse-index failed"; }
grep -q "(0 embedded, $chunks reused)" "$work/cli.log" || fail "quire build --reuse-index embedded chunks: $(cat "$work/cli.log")"

# One word changed in one paragraph: one chunk embedded.
cp -R content "$work/content-edit"
target="$work/content-edit/docs/04-perception/03-kalman-filters.md"
[ -f "$target" ] || target="$(grep -rl "Kalman" "$work/content-edit/docs" | head -n1)"
"$PYTHON" - "$target" <<'PY' || fail "could not make a one-word edit"
import re, sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
body_start = 0
if lines and lines[0] == "---":
    body_start = lines.index("---", 1) + 1
fence = False
for i in range(body_start, len(lines)):
    l = lines[i]
    if l.lstrip().startswith("```"):
        fence = not fence
        continue
    if not fence and re.match(r"^[A-Za-z].*\bthe\b", l):
        lines[i] = re.sub(r"\bthe\b", "this", l, count=1)
        open(p, "w", encoding="utf-8").write("\n".join(lines))
        sys.exit(0)
sys.exit("no prose line with 'the'")
PY
build edit "$work/content-edit" "$work/site4" QUIRE_PREVIOUS_INDEX="$work/elsewhere/old.qidx"
[ "$(get "$work/edit.out" chunks-embedded)" = 1 ] || fail "a one-word edit must embed 1 chunk: $(outputs "$work/edit.out")"
ok "reuse: index copied elsewhere -> 0 embedded into a fresh folder; one-word edit -> 1 embedded"

# Another model: the same files with one weight changed (another model hash). Its index is refused.
mkdir -p "$work/other-model"
cp "$model"/vocab.txt "$work/other-model/"
for f in "$model"/*.json; do [ -f "$f" ] && cp "$f" "$work/other-model/"; done
cp "$model/model.safetensors" "$work/other-model/model.safetensors"
"$PYTHON" - "$work/other-model/model.safetensors" <<'PY'
import struct, sys
with open(sys.argv[1], "r+b") as f:
    n = struct.unpack("<Q", f.read(8))[0]
    f.seek(8 + n)           # first byte of the first tensor: the lowest mantissa bits of a float
    b = f.read(1)[0]
    f.seek(8 + n)
    f.write(bytes([b ^ 1]))
PY
build other content "$work/site5" QUIRE_PREVIOUS_INDEX="$work/elsewhere/old.qidx" QUIRE_MODEL_DIR="$work/other-model"
[ "$(get "$work/other.out" chunks-embedded)" = "$chunks" ] && [ "$(get "$work/other.out" chunks-reused)" = 0 ] \
  || fail "an index from another model must not be reused: $(outputs "$work/other.out")"
notice="$(grep "not reusing vectors from $work/elsewhere/old.qidx" "$work/other.log" || true)"
[ "$(printf '%s\n' "$notice" | grep -c .)" = 1 ] || fail "expected one notice line, got: $(cat "$work/other.log")"
grep -q "built with another model" <<<"$notice" || fail "the notice does not say why: $notice"
ok "an index from another model is refused with one notice line: ${notice#*warning: }"

# The search input: validated; written into a copy of the config.
rc=0; env QUIRE_BIN="$QUIRE_BIN" QUIRE_CONTENT=content QUIRE_OUT="$work/site6" QUIRE_SEARCH=cloud QUIRE_MODEL_DIR="$model" \
  GITHUB_OUTPUT="$work/bad.out" scripts/action/build.sh >"$work/bad.log" 2>&1 || rc=$?
[ "$rc" = 64 ] || fail "search=cloud gave exit $rc, not 64"
grep -q "must be auto, server or static" "$work/bad.log" || fail "no message for a bad search input"
build static content "$work/site7" QUIRE_SEARCH=static QUIRE_PREVIOUS_INDEX="$work/elsewhere/old.qidx"
if grep -q 'quire-search' templates/page.mustache; then
  grep -q '<meta name="quire-search" content="static">' "$work/site7/index.html" || fail "search=static is not in the built pages"
fi
[ -z "$(ls -A "$repo" | grep '^\.quire-action')" ] || fail "build.sh left its derived config behind"
ok "search input validated and applied"

# --- 5. gate.sh ----------------------------------------------------------------------------------
gate() { env QUIRE_BIN="$QUIRE_BIN" QUIRE_OUT="$work/site1" GITHUB_OUTPUT="$work/gate.out" GITHUB_STEP_SUMMARY="$work/gate.summary" "$@" scripts/action/gate.sh; }
: >"$work/gate.out"
gate QUIRE_QUESTIONS= >"$work/gate0.log" 2>&1 || fail "no question file must mean no gate"
grep -q "no gate" "$work/gate0.log" || fail "no 'no gate' line"
gate QUIRE_QUESTIONS=content/eval/questions.jsonl QUIRE_MIN_RECALL=0.5 QUIRE_MIN_MRR=0.5 >"$work/gate1.log" 2>&1 \
  || { cat "$work/gate1.log" >&2; fail "the gate failed above low floors"; }
recall="$(get "$work/gate.out" recall-at-5)"
"$PYTHON" -c "import sys; v=float(sys.argv[1]); assert 0.5 <= v <= 1, v" "$recall" || fail "recall-at-5 output: $recall"
rc=0; gate QUIRE_QUESTIONS=content/eval/questions.jsonl QUIRE_MIN_RECALL=1.01 >"$work/gate2.log" 2>&1 || rc=$?
[ "$rc" != 0 ] || fail "the gate passed under an impossible recall floor"
grep -q "eval gate FAILED" "$work/gate2.log" || fail "no FAILED line: $(cat "$work/gate2.log")"
grep -q "Quire eval gate: FAILED" "$work/gate.summary" || fail "no failed gate in the job summary"
ok "gate: passes above the floors (recall@5 $recall), fails under them, off without questions"

echo "action tests: passed"
