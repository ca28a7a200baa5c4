#!/usr/bin/env bash
# Debian/Ubuntu packages the released `quire` needs at run time (the archive carries cmark-gfm):
# OpenBLAS (embedding), highlight.js + KaTeX (code and math in the site), pip + unzip (model
# download), CA roots. With --build, also what building quire from source needs.
# Installs only what is missing; quiet when everything is there.
# Usage: scripts/action/install-deps.sh [--build]
set -euo pipefail
pkgs=(libopenblas0-pthread libjs-highlight.js libjs-katex python3-pip unzip ca-certificates curl)
if [ "${1:-}" = "--build" ]; then
  pkgs+=(pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev libopenblas-dev patchelf)
fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0
command -v apt-get >/dev/null 2>&1 || { echo "quire action: apt-get not found; install ${missing[*]} yourself" >&2; exit 1; }
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "quire action: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
