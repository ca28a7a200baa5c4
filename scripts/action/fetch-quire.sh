#!/usr/bin/env bash
# Downloads a released quire for this machine's architecture and checks it against the
# release's SHA256SUMS, then unpacks it into DEST (DEST/bin/quire, DEST/share/quire/templates).
#
# Env: QUIRE_VERSION   release tag (e.g. v1.2.0) or "latest"
#      QUIRE_REPO      owner/name of the GitHub repository with the releases
#      QUIRE_RELEASE_URL  base URL holding SHA256SUMS and the archives (overrides the two above;
#                      the tests serve a folder on loopback)
# Usage: scripts/action/fetch-quire.sh DEST
# Exit: 0 installed (prints DEST/bin/quire); 3 no release matches (the action then builds from
#       source); 1 anything else, a checksum mismatch included (never falls back silently).
set -euo pipefail
dest="${1:?usage: fetch-quire.sh DEST}"

case "$(uname -m)" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) echo "quire action: no release for architecture $(uname -m)" >&2; exit 3 ;;
esac

base="${QUIRE_RELEASE_URL:-}"
if [ -z "$base" ]; then
  repo="${QUIRE_REPO:?QUIRE_REPO (owner/name) or QUIRE_RELEASE_URL must be set}"
  version="${QUIRE_VERSION:-latest}"
  case "$version" in
    ""|latest) base="https://github.com/$repo/releases/latest/download" ;;
    *) base="https://github.com/$repo/releases/download/$version" ;;
  esac
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
get() {  # URL FILE -> 0 ok, 3 not found, 1 other failure
  local code
  code="$(curl -sSL --retry 3 --retry-delay 2 -o "$2" -w '%{http_code}' "$1" 2>"$tmp/curl.err")" || { cat "$tmp/curl.err" >&2; return 1; }
  case "$code" in 200) return 0 ;; 404) return 3 ;; *) echo "quire action: $1 answered HTTP $code" >&2; return 1 ;; esac
}

rc=0; get "$base/SHA256SUMS" "$tmp/SHA256SUMS" || rc=$?
[ "$rc" = 3 ] && { echo "quire action: no release at $base (no SHA256SUMS)" >&2; exit 3; }
[ "$rc" = 0 ] || exit 1
archive="$(awk -v a="linux-$arch.tar.gz" '{ n = $2; sub(/^\*/, "", n) } length(n) >= length(a) && substr(n, length(n) - length(a) + 1) == a { print n; exit }' "$tmp/SHA256SUMS")"
[ -n "$archive" ] || { echo "quire action: the release at $base has no linux-$arch archive" >&2; exit 3; }
case "$archive" in */*|.*) echo "quire action: unexpected archive name '$archive' in SHA256SUMS" >&2; exit 1 ;; esac
want="$(awk -v n="$archive" '{ f = $2; sub(/^\*/, "", f) } f == n { print $1; exit }' "$tmp/SHA256SUMS")"

rc=0; get "$base/$archive" "$tmp/$archive" || rc=$?
[ "$rc" = 3 ] && { echo "quire action: $archive is listed but not published at $base" >&2; exit 3; }
[ "$rc" = 0 ] || exit 1
got="$(sha256sum "$tmp/$archive" | cut -d' ' -f1)"
if [ "$got" != "$want" ]; then
  echo "quire action: sha256 mismatch for $archive: expected $want, got $got; refusing to use it" >&2
  exit 1
fi

mkdir -p "$tmp/x"
tar -xzf "$tmp/$archive" -C "$tmp/x"
top="$(find "$tmp/x" -mindepth 1 -maxdepth 1 -type d | head -n1)"
[ -x "$top/bin/quire" ] || { echo "quire action: $archive has no bin/quire" >&2; exit 1; }
rm -rf "$dest"
mkdir -p "$(dirname "$dest")"
mv "$top" "$dest"
"$dest/bin/quire" --help >/dev/null || { echo "quire action: the downloaded quire does not run on this machine" >&2; exit 1; }
echo "quire action: installed $archive (sha256 $got)" >&2
echo "$dest/bin/quire"
