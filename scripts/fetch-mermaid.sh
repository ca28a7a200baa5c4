#!/usr/bin/env bash
# Fetches mermaid's browser build (the diagram renderer the site loads on pages with a diagram)
# into templates/vendor/mermaid/mermaid.js. Source: the PyPI wheel mermaidx==0.10.1 (MIT), which
# carries mermaid 11.16.0's IIFE build as mermaidx/assets/mermaid.js. Version, sha256 and licence
# are recorded in third_party/mermaid/. Never fetched from a CDN, at build or at run time.
# Idempotent: silent and offline when the file is already there with the right sha256.
# Usage: scripts/fetch-mermaid.sh [DEST_FILE]   (default: templates/vendor/mermaid/mermaid.js)
set -euo pipefail
cd "$(dirname "$0")/.."

dest="${1:-templates/vendor/mermaid/mermaid.js}"
pkg="mermaidx==0.10.1"
wheel_sha=aa2e44648a96629df21acab3cac0ee2d6caca044be72898819d09736ea2f160e
js_sha=74d7c46dabca328c2294733910a8aa1ed0c37451776e8d5295da38a2b758fb9b

sha() { sha256sum "$1" 2>/dev/null | cut -d' ' -f1; }

[ -f "$dest" ] && [ "$(sha "$dest")" = "$js_sha" ] && exit 0

for tool in unzip sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "fetch-mermaid: '$tool' is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
pip=""
for cand in pip3 pip; do
  if command -v "$cand" >/dev/null 2>&1; then pip="$cand"; break; fi
done
if [ -z "$pip" ] && command -v python3 >/dev/null 2>&1 && python3 -m pip --version >/dev/null 2>&1; then
  pip="python3 -m pip"
fi
[ -n "$pip" ] || { echo "fetch-mermaid: pip is missing (apt-get install python3-pip)" >&2; exit 1; }

echo "fetch-mermaid: downloading $pkg" >&2
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 $pip download --quiet --no-deps --no-input \
  --dest "$tmp" "$pkg" </dev/null >&2
wheel="$(ls "$tmp"/*.whl 2>/dev/null | head -n1)"
[ -n "$wheel" ] || { echo "fetch-mermaid: pip did not produce a wheel for $pkg" >&2; exit 1; }
[ "$(sha "$wheel")" = "$wheel_sha" ] ||
  { echo "fetch-mermaid: sha256 mismatch for $(basename "$wheel") (expected $wheel_sha)" >&2; exit 1; }
unzip -q -o "$wheel" mermaidx/assets/mermaid.js -d "$tmp/x"
[ "$(sha "$tmp/x/mermaidx/assets/mermaid.js")" = "$js_sha" ] ||
  { echo "fetch-mermaid: sha256 mismatch for mermaidx/assets/mermaid.js (expected $js_sha)" >&2; exit 1; }

# Install atomically: a temporary file beside the destination, then rename.
mkdir -p "$(dirname "$dest")"
part="$(mktemp "$(dirname "$dest")/.mermaid.XXXXXX")"
cp "$tmp/x/mermaidx/assets/mermaid.js" "$part"
chmod 644 "$part"
mv -f "$part" "$dest"
echo "fetch-mermaid: installed mermaid 11.16.0 in $dest" >&2
