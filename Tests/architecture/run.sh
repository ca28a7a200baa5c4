#!/usr/bin/env bash
# Integration suite: docs/architecture.md's import graph matches Package.swift, and no target
# declares a dependency it does not import (scripts/architecture-graph.sh --check).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/architecture-graph.sh --check
