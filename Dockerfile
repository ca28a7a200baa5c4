# syntax=docker/dockerfile:1
# Quire: the book in content/ built into a static site + index, served by `quire serve`.
#
#   docker build -t quire .
#   docker run --rm -p 8080:8080 quire                              # the built-in book
#   docker run --rm -p 8080:8080 -v "$PWD/dist:/book:ro" quire       # a site built by `quire build`
#   docker run --rm -p 8080:8080 -v "$PWD:/book:ro" quire            # a book source (content/ + quire.yml)
#
# The build steps live in deploy/image-root.sh, one RUN each, writing into /image-root what
# the runtime stage copies to /; scripts/docker-local.sh runs the same steps without Docker
# and starts the result (Tests/deploy/run.sh does, as part of `make test`).

ARG SWIFT_IMAGE=swift:6.3.1-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# --- build: release binary, model, site + index ---------------------------------------------
FROM ${SWIFT_IMAGE} AS build
# Versions come from Debian bookworm (security updates included), not pinned one by one.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev zlib1g-dev libopenblas-dev \
      libjs-highlight.js libjs-katex python3-pip unzip ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so source edits do not re-fetch them.
COPY Package.swift ./
RUN swift package resolve
COPY Sources ./Sources
# Package.swift declares the test targets too: SwiftPM wants their folders even to build `quire`.
COPY Tests ./Tests
COPY deploy/image-root.sh ./deploy/
RUN deploy/image-root.sh binary /image-root
COPY scripts/fetch-model.sh scripts/fetch-mermaid.sh ./scripts/
RUN deploy/image-root.sh model /image-root
COPY templates ./templates
# mermaid's browser build (third_party/mermaid: pinned wheel, sha256-checked), beside the templates.
RUN scripts/fetch-mermaid.sh \
 && deploy/image-root.sh assets /image-root
COPY quire.yml ./
COPY content ./content
COPY deploy/docker ./deploy/docker
RUN deploy/image-root.sh book /image-root \
 && deploy/image-root.sh files /image-root

# --- runtime: the binary, its shared libraries, model, site and index ---------------------------
FROM ${RUNTIME_IMAGE}
# Only what the binary loads (Tests/deploy/check-libs.py checks this line against `ldd` and the
# BLAS it dlopens): cmark-gfm, OpenBLAS (dlopen'd; pulls in libgfortran5), and the CA roots for
# LLM providers over TLS. zlib, libc and libstdc++ are in the base image.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libcmark-gfm0.29.0.gfm.6 libcmark-gfm-extensions0.29.0.gfm.6 libopenblas0-pthread ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 quire \
 && useradd --system --uid 10001 --gid quire --home-dir /srv/quire --no-create-home --shell /usr/sbin/nologin quire
COPY --from=build /image-root/ /
RUN chown quire:quire /var/lib/quire

ENV PORT=8080 \
    QUIRE_HOST=0.0.0.0 \
    QUIRE_HOME=/srv/quire \
    QUIRE_BOOK=/book \
    QUIRE_MODEL_DIR=/srv/quire/model \
    QUIRE_DATA_DIR=/var/lib/quire \
    QUIRE_BUILD_DIR=/tmp/quire-book \
    QUIRE_TEMPLATES=/usr/local/share/quire/templates \
    LOG_LEVEL=info

WORKDIR /srv/quire
USER 10001:10001
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=6s --start-period=30s --retries=3 \
  CMD ["/usr/local/bin/quire-entrypoint", "health"]
ENTRYPOINT ["/usr/local/bin/quire-entrypoint"]
CMD ["serve"]
