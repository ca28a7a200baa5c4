#!/usr/bin/env bash
# The import graph in docs/architecture.md comes from Package.swift (all layers, not the
# QUIRE_CORE_ONLY subset). --check (default): fail when it drifted or a target declares a
# dependency it never imports. --write: regenerate it.
# Usage: scripts/architecture-graph.sh [--check|--write]
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
env -u QUIRE_CORE_ONLY swift package --scratch-path "$scratch" dump-package | python3 scripts/architecture-graph.py "${1:---check}"
