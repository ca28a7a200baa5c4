# Sourced by the browser suites' run.sh (after `cd` to the repository root, with SUITE set to the
# name their messages start with): the quire binary, the test venv's python with selenium,
# Debian's chromium and chromedriver, each checked with a message saying how to get it, and fail().
# Env: QUIRE_BIN, PYTHON, CHROMIUM, CHROMEDRIVER.
QUIRE_BIN="${QUIRE_BIN:-$(swift build --show-bin-path)/quire}"
PYTHON="${PYTHON:-$PWD/.cache/test-venv/bin/python}"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}" CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"

fail() { echo "$SUITE: $*" >&2; exit 1; }
[ -x "$QUIRE_BIN" ] || fail "no quire binary at $QUIRE_BIN (swift build --product quire, or set QUIRE_BIN)"
[ -x "$CHROMIUM" ] || fail "no chromium at $CHROMIUM (make test-setup installs Debian's chromium)"
[ -x "$CHROMEDRIVER" ] || fail "no chromedriver at $CHROMEDRIVER (make test-setup installs chromium-driver)"
"$PYTHON" -c "import selenium" 2>/dev/null || fail "$PYTHON cannot import selenium (make test-setup)"
