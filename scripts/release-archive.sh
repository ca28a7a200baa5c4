#!/usr/bin/env bash
# Builds the release archive of `quire` for this machine's architecture:
#
#   quire-<version>-linux-<arch>/
#     bin/quire                    static Swift stdlib (as the Docker image), RUNPATH $ORIGIN/../lib
#     lib/libcmark-gfm*.so.*       cmark-gfm from the build machine (Debian bookworm)
#     share/quire/templates/       vendor/mermaid/mermaid.js (the renderer; the theme itself is
#                                  built into quire) and the theme's files, for --templates
#     share/doc/quire/             README.md, third_party/ (versions, sums, licences)
#
# and updates <out>/SHA256SUMS. `quire` carries its theme and finds mermaid at
# <exe>/../share/quire/templates/vendor, so the unpacked folder builds and serves a book with
# nothing else beside it. Still needed on
# the machine: glibc, zlib, libstdc++, OpenBLAS (dlopen'd: libopenblas0-pthread) and, for code
# highlighting and math, Debian's libjs-highlight.js and libjs-katex.
#
# Usage: scripts/release-archive.sh [--version V] [--out DIR] [--binary PATH]
#   --version  archive version (default: `git describe --tags`, else "dev")
#   --out      folder for the .tar.gz and SHA256SUMS (default: dist-release)
#   --binary   package this quire instead of building one (default: $QUIRE_RELEASE_BIN if set,
#              else `swift build -c release --static-swift-stdlib` into $QUIRE_SCRATCH or .build-deploy)
# Prints the archive's path on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

version="" out="dist-release" binary="${QUIRE_RELEASE_BIN:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --version) version="${2:?--version needs a value}"; shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    --binary) binary="${2:?--binary needs a path}"; shift 2 ;;
    *) echo "release-archive: unknown argument '$1'" >&2; exit 64 ;;
  esac
done
[ -n "$version" ] || version="$(git describe --tags --always 2>/dev/null || echo dev)"
case "$version" in */*|*" "*|"") echo "release-archive: bad version '$version'" >&2; exit 64 ;; esac

case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) echo "release-archive: unsupported architecture $(uname -m)" >&2; exit 1 ;;
esac

if [ -z "$binary" ]; then
  scratch="${QUIRE_SCRATCH:-.build-deploy}"
  echo "release-archive: building quire (release, --static-swift-stdlib) in $scratch" >&2
  swift build -c release --product quire --static-swift-stdlib --scratch-path "$scratch" >&2
  binary="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/quire"
fi
[ -x "$binary" ] || { echo "release-archive: no executable quire at $binary" >&2; exit 1; }
command -v patchelf >/dev/null 2>&1 || { echo "release-archive: patchelf is missing (apt-get install patchelf)" >&2; exit 1; }
[ -f templates/vendor/mermaid/mermaid.js ] || scripts/fetch-mermaid.sh

name="quire-$version-linux-$arch"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
stage="$(mktemp -d "$out/.stage.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/bin" "$root/lib" "$root/share/quire" "$root/share/doc/quire"

install -m 0755 "$binary" "$root/bin/quire"
strip --strip-unneeded "$root/bin/quire"  # debug info is most of a release build's size
# cmark-gfm travels with the binary (its soname differs between distributions); the binary
# looks in ../lib first.
for lib in $(ldd "$binary" | awk '/libcmark-gfm/ { print $3 }'); do
  cp -L "$lib" "$root/lib/$(basename "$lib")"
done
[ -n "$(ls "$root/lib")" ] || { echo "release-archive: $binary does not link cmark-gfm?" >&2; exit 1; }
# ../lib first; a binary linked against shared Swift libraries keeps its own paths after it.
old_rpath="$(patchelf --print-rpath "$root/bin/quire")"
patchelf --set-rpath "\$ORIGIN/../lib${old_rpath:+:$old_rpath}" "$root/bin/quire"

cp -R templates "$root/share/quire/templates"
rm -rf "$root/share/quire/templates/vendor/mermaid/".[!.]* 2>/dev/null || true
cp README.md "$root/share/doc/quire/"
cp -R third_party "$root/share/doc/quire/third_party"
printf '%s\n' "$version" >"$root/share/doc/quire/VERSION"

# Reproducible-ish: sorted names, fixed owner, mtimes of the commit.
mtime="$(git log -1 --format=%cI 2>/dev/null || date -u +%Y-%m-%dT%H:%M:%SZ)"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="$mtime" -C "$stage" -czf "$stage/$name.tar.gz" "$name"
mv -f "$stage/$name.tar.gz" "$out/$name.tar.gz"

# SHA256SUMS over every archive in the folder (several architectures can share one).
( cd "$out" && sha256sum -- quire-*.tar.gz >SHA256SUMS.part && mv -f SHA256SUMS.part SHA256SUMS )
echo "release-archive: $out/$name.tar.gz" >&2
echo "$out/$name.tar.gz"
