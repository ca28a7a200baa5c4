# Quire — the two commands of the quick start are `make site` and `make test`.
SWIFT ?= swift
CONFIG ?= release

.PHONY: setup site test build clean bench

setup:
	@scripts/setup.sh

test-setup:
	@scripts/setup.sh --test

build: setup
	$(SWIFT) build -c $(CONFIG) --product quire

site: build
	$$($(SWIFT) build -c $(CONFIG) --show-bin-path)/quire build --content content/docs --out dist --config quire.yml

test: test-setup
	$(SWIFT) test

bench: build
	bench/build-vs-hugo.sh

clean:
	rm -rf .build dist
