#!/usr/bin/env bash
# Entrypoint of the Quire image (installed as /usr/local/bin/quire-entrypoint).
#
#   serve [FLAGS...]   (default) serve the book on $QUIRE_HOST:$PORT (0.0.0.0:8080), Cloud Run
#                      style; extra flags go to `quire serve`. Which book:
#                      - $QUIRE_BOOK (/book) holding index.qidx: a site built with `quire build`;
#                      - $QUIRE_BOOK holding content/ (and quire.yml): built at start into
#                        $QUIRE_BUILD_DIR (/tmp/quire-book), then served;
#                      - otherwise the book built into the image ($QUIRE_HOME/site).
#                      $QUIRE_CONFIG, when set: the settings file whose `server:` section is read
#                      (`quire serve --config`; the Kubernetes ConfigMap).
#   health             exit 0 when http://127.0.0.1:$PORT/api/health answers {"status": "ok"}
#                      (the HEALTHCHECK; bash's /dev/tcp, so the image needs no curl)
#   anything else      `quire ARGS...`, e.g. `search --index /srv/quire/site/index.qidx robot`
set -euo pipefail

port="${PORT:-8080}"
host="${QUIRE_HOST:-0.0.0.0}"
home="${QUIRE_HOME:-/srv/quire}"
book="${QUIRE_BOOK:-/book}"
quire="${QUIRE_EXE:-quire}"

health() {
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
  reply="$(timeout 5 cat <&3 || true)"
  exec 3<&-
  [[ "$reply" == "HTTP/1."*" 200"* && "$reply" == *'"ok"'* ]]
}

serve() {
  local site="$home/site"
  if [ -f "$book/index.qidx" ]; then
    site="$book"
  elif [ -d "$book/content" ]; then
    site="${QUIRE_BUILD_DIR:-/tmp/quire-book}"
    local config=()
    [ -f "$book/quire.yml" ] && config=(--config "$book/quire.yml")
    echo "quire-entrypoint: building the book in $book/content into $site" >&2
    "$quire" build --content "$book/content" --out "$site" "${config[@]}" --links warn
  fi
  local settings=()
  [ -n "${QUIRE_CONFIG:-}" ] && settings=(--config "$QUIRE_CONFIG")
  exec "$quire" serve "${settings[@]}" --site "$site" --host "$host" --port "$port" "$@"
}

cmd="${1:-serve}"
[ "$#" -gt 0 ] && shift
case "$cmd" in
  serve) serve "$@" ;;
  health) health ;;
  *) exec "$quire" "$cmd" "$@" ;;
esac
