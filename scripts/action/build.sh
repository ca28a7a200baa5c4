#!/usr/bin/env bash
# The build step of the action: `quire build` with the vectors of the previous index (restored
# from the CI cache) reused, then the build's numbers as step outputs and a job summary, and the
# new index copied to where the cache saves it from.
#
# Env: QUIRE_BIN (quire), QUIRE_CONTENT (docs root), QUIRE_OUT (output folder),
#      QUIRE_CONFIG (quire.yml; a missing default is fine), QUIRE_MODEL_DIR,
#      QUIRE_SEARCH (auto|server|static, empty: as the config says),
#      QUIRE_PREVIOUS_INDEX (index restored from the cache; used when the file exists),
#      QUIRE_SAVE_INDEX (copy the new index here for the cache; optional),
#      GITHUB_OUTPUT / GITHUB_STEP_SUMMARY (set by the runner; stdout / nothing otherwise)
# Outputs: site-path, pages, chunks, chunks-embedded, chunks-reused
set -euo pipefail
bin="${QUIRE_BIN:?QUIRE_BIN must point at quire}"
content="${QUIRE_CONTENT:-docs}"
out="${QUIRE_OUT:-build/quire}"
config="${QUIRE_CONFIG:-quire.yml}"
search="${QUIRE_SEARCH:-}"
prev="${QUIRE_PREVIOUS_INDEX:-}"

output() { echo "$1=$2" >>"${GITHUB_OUTPUT:-/dev/stdout}"; }

args=(build --content "$content" --out "$out")
[ -n "${QUIRE_MODEL_DIR:-}" ] && args+=(--model "$QUIRE_MODEL_DIR")

cleanup=()
trap 'rm -f "${cleanup[@]}"' EXIT
if [ -n "$search" ]; then
  case "$search" in auto|server|static) ;; *) echo "quire action: input 'search' must be auto, server or static, not '$search'" >&2; exit 64 ;; esac
  # The config with its search mode replaced, beside the original (relative paths keep working).
  dir="$(dirname "$config")"
  mkdir -p "$dir"
  derived="$(mktemp "$dir/.quire-action.XXXXXX.yml")"
  cleanup+=("$derived")
  if [ -f "$config" ]; then grep -v '^search[[:space:]]*:' "$config" >"$derived" || true; fi
  printf '\nsearch: %s\n' "$search" >>"$derived"
  args+=(--config "$derived")
elif [ -f "$config" ] || [ "$config" != "quire.yml" ]; then
  args+=(--config "$config")
fi

if [ -n "$prev" ] && [ -f "$prev" ]; then
  args+=(--reuse-index "$prev")
elif [ -n "$prev" ]; then
  echo "quire action: no previous index in the cache; every chunk is embedded"
fi

log="$(mktemp)"
cleanup+=("$log")
set +e
"$bin" "${args[@]}" | tee "$log"
rc="${PIPESTATUS[0]}"
set -e
[ "$rc" = 0 ] || exit "$rc"

line="$(grep -E '^Built [0-9]+ pages' "$log" | tail -n1)"
pages="$(sed -nE 's/^Built ([0-9]+) pages.*/\1/p' <<<"$line")"
if [[ "$line" =~ index:\ ([0-9]+)\ chunks\ \(([0-9]+)\ embedded,\ ([0-9]+)\ reused\) ]]; then
  chunks="${BASH_REMATCH[1]}" embedded="${BASH_REMATCH[2]}" reused="${BASH_REMATCH[3]}"
else
  echo "quire action: could not read the build's numbers from: $line" >&2
  exit 1
fi
[ -n "$pages" ] || { echo "quire action: could not read the page count from: $line" >&2; exit 1; }

output site-path "$out"
output pages "$pages"
output chunks "$chunks"
output chunks-embedded "$embedded"
output chunks-reused "$reused"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  {
    echo "### Quire build"
    echo
    echo "| pages | chunks | embedded | reused |"
    echo "|---:|---:|---:|---:|"
    echo "| $pages | $chunks | $embedded | $reused |"
  } >>"$GITHUB_STEP_SUMMARY"
fi
if [ -n "${QUIRE_SAVE_INDEX:-}" ] && [ -f "$out/index.qidx" ]; then
  mkdir -p "$(dirname "$QUIRE_SAVE_INDEX")"
  cp -f "$out/index.qidx" "$QUIRE_SAVE_INDEX.part" && mv -f "$QUIRE_SAVE_INDEX.part" "$QUIRE_SAVE_INDEX"
fi
