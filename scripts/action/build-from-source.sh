#!/usr/bin/env bash
# Fallback when no release matches: builds quire from this checkout of the action (release,
# static Swift stdlib) into the same layout as a release archive, unpacked into DEST.
# Needs a Swift 6 toolchain on PATH (e.g. the swift:6.3-bookworm container or
# swift-actions/setup-swift) and the --build packages of install-deps.sh.
# Usage: scripts/action/build-from-source.sh DEST     (prints DEST/bin/quire)
set -euo pipefail
dest="${1:?usage: build-from-source.sh DEST}"
src="$(cd "$(dirname "$0")/../.." && pwd)"
command -v swift >/dev/null 2>&1 || {
  echo "quire action: no released binary matches and swift is not installed to build one; run the job in a swift:6.3-bookworm container, add swift-actions/setup-swift, or pin a released version" >&2
  exit 1
}
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
archive="$("$src/scripts/release-archive.sh" --out "$out" --version "source-$(git -C "$src" rev-parse --short HEAD 2>/dev/null || echo local)")"
mkdir -p "$out/x"
tar -xzf "$archive" -C "$out/x"
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$(find "$out/x" -mindepth 1 -maxdepth 1 -type d | head -n1)" "$dest"
echo "quire action: built quire from source" >&2
echo "$dest/bin/quire"
