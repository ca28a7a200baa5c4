#!/usr/bin/env bash
# Installs what Quire needs on Debian, only what is missing. Quiet when all is there.
# Usage: scripts/setup.sh [--test]   (--test also installs what the tests need)
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[ "${1:-}" = "--test" ] && want_test=1

pkgs=(pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev libopenblas-dev
      libjs-highlight.js libjs-katex python3-pip unzip ca-certificates)
if [ "$want_test" = 1 ]; then
  pkgs+=(hugo)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq >/dev/null
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: swift is not on PATH; install the Swift 6.x toolchain (https://swift.org/install) first" >&2
  exit 1
fi

# Model files (MiniLM), when the fetch script exists.
if [ -x scripts/fetch-model.sh ]; then
  scripts/fetch-model.sh
fi
