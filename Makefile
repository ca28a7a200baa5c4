# Quire — the two commands of the quick start are `make serve` and `make test`.
SWIFT ?= swift
CONFIG ?= release
BIN = $$($(SWIFT) build -c $(CONFIG) --show-bin-path)/quire

.PHONY: setup test-setup build site serve test bench clean

setup:
	@scripts/setup.sh

test-setup:
	@scripts/setup.sh --test

build: setup
	$(SWIFT) build -c $(CONFIG) --product quire

# Build content/ (site + index) into dist/.
site: build
	$(BIN) build --content content --out dist --config quire.yml

# Build, then serve the site, search and extractive answers on http://127.0.0.1:8080.
serve: site
	$(BIN) serve --site dist

# Swift Testing suites, then the suites that drive real processes (browser, nginx, linters).
# The two real-model gates (retrieval, answers) run after the other suites, not beside them: they
# keep both cores busy for minutes, and the socket and timeout tests must not share a starved pool.
test: test-setup
	$(SWIFT) test --skip GateTests
	$(SWIFT) test --skip-build --filter GateTests
	scripts/integration-tests.sh

bench: build
	bench/build-vs-hugo.sh

clean:
	rm -rf .build dist
