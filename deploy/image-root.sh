#!/usr/bin/env bash
# The build steps of the container image, one per Dockerfile RUN, writing the files the runtime
# stage copies (`COPY --from=build /image-root/ /`) into ROOT. scripts/docker-local.sh runs the
# same steps outside Docker, so what the image would hold is built and started by the tests.
#
# Usage: deploy/image-root.sh STEP ROOT        (run from the repository root)
#   binary  release `quire` with the Swift stdlib linked in  -> ROOT/usr/local/bin/quire
#           (QUIRE_RELEASE_BIN=path reuses a binary built that way; QUIRE_SCRATCH=dir picks
#           the build folder, default .build)
#   assets  templates and the vendored highlight.js/KaTeX, so the image can build a mounted
#           book too                          -> ROOT/usr/local/share/quire/templates,
#                                                ROOT/usr/share/javascript/{highlight.js,katex}
#   model   all-MiniLM-L6-v2 (scripts/fetch-model.sh)      -> ROOT/srv/quire/model
#   book    content/ with quire.yml: site + index.qidx     -> ROOT/srv/quire/site
#   files   the entrypoint (health probe included) and the empty mount points
set -euo pipefail

step="${1:?usage: deploy/image-root.sh binary|assets|model|book|files ROOT}"
root="${2:?usage: deploy/image-root.sh STEP ROOT}"
mkdir -p "$root"
root="$(cd "$root" && pwd)"

case "$step" in
  binary)
    if [ -n "${QUIRE_RELEASE_BIN:-}" ]; then
      bin="$QUIRE_RELEASE_BIN"
    else
      scratch="${QUIRE_SCRATCH:-.build}"
      # --static-swift-stdlib: the Swift runtime and Foundation are linked in, so the runtime
      # image needs no Swift libraries (Tests/deploy/check-libs.py checks what it does need).
      swift build -c release --product quire --static-swift-stdlib --scratch-path "$scratch"
      bin="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/quire"
    fi
    install -D -m 0755 "$bin" "$root/usr/local/bin/quire"
    ;;
  assets)
    mkdir -p "$root/usr/local/share/quire" "$root/usr/share/javascript"
    rm -rf "$root/usr/local/share/quire/templates"
    cp -R templates "$root/usr/local/share/quire/templates"
    for d in highlight.js katex; do
      rm -rf "${root:?}/usr/share/javascript/$d"
      cp -RL "/usr/share/javascript/$d" "$root/usr/share/javascript/$d"
    done
    ;;
  model)
    # A model already fetched in this checkout is reused (fetch-model.sh checks its sha256);
    # in Docker, .dockerignore leaves models/ out and it is downloaded.
    if [ -f models/all-MiniLM-L6-v2/model.safetensors ] && [ ! -e "$root/srv/quire/model/model.safetensors" ]; then
      mkdir -p "$root/srv/quire/model"
      cp -R models/all-MiniLM-L6-v2/. "$root/srv/quire/model/"
    fi
    scripts/fetch-model.sh "$root/srv/quire/model"
    ;;
  book)
    QUIRE_TEMPLATES="$PWD/templates" "$root/usr/local/bin/quire" build \
      --content content --out "$root/srv/quire/site" --config quire.yml --model "$root/srv/quire/model"
    ;;
  files)
    install -D -m 0755 deploy/docker/entrypoint.sh "$root/usr/local/bin/quire-entrypoint"
    # /book: mount point for another book; /var/lib/quire: question log and feedback.
    mkdir -p "$root/book" "$root/var/lib/quire"
    ;;
  *)
    echo "image-root: unknown step '$step' (binary, assets, model, book, files)" >&2
    exit 64
    ;;
esac
