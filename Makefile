# feedlens: one Makefile for everything a person or CI does.
# `make run` and `make test` are the two set-up commands (see README.md).

GO      ?= go
SHARED  ?= $(abspath ../shared)
export FEEDLENS_SHARED ?= $(SHARED)
FUZZTIME ?= 20s

.PHONY: all build run test bench fuzz vet clean

all: build

## build: the feedlens command into bin/
build:
	$(GO) build -trimpath -o bin/feedlens ./cmd/feedlens

## run: the main job (inspect the shared fixtures for now)
run: build
	@if [ -d "$(FEEDLENS_SHARED)/fixtures" ]; then \
		./bin/feedlens inspect $$(find "$(FEEDLENS_SHARED)/fixtures" -name '*.json' | sort); \
	else echo "no fixtures at $(FEEDLENS_SHARED)/fixtures: set FEEDLENS_SHARED"; fi

## test: every test (unit, fixtures, fuzz seeds)
test: vet
	$(GO) test -count=1 ./...

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt needed"; exit 1; }

## bench: the benchmarks of the native core
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./shared/...

## fuzz: a bounded run of every fuzz target ($(FUZZTIME) each)
fuzz:
	@for pkg in $$($(GO) list ./shared/... ./cmd/...); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf bin dist

# ---- extension: the Go→WASM core (wasm/) and the MV3 extension (extension/, manifest.json) ----
WASM_EXEC     := $(shell $(GO) env GOROOT)/lib/wasm/wasm_exec.js
WASM_GZIP_MAX := 1572864
VERSION       ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
# Browsers leave temp dirs behind: keep them inside the worktree.
E2E_TMP       := $(CURDIR)/.tmp/e2e

.PHONY: wasm extension extension-lint e2e bench-wasm

## wasm: dist/feedlens.wasm, failing when it exceeds 1.5 MB gzip
wasm:
	@mkdir -p dist
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w -X github.com/feedlens/feedlens/wasm/bridge.Version=$(VERSION)' -o dist/feedlens.wasm ./wasm
	@raw=$$(wc -c < dist/feedlens.wasm); gz=$$(gzip -9 -c dist/feedlens.wasm | wc -c); \
	echo "dist/feedlens.wasm: $$raw bytes, $$gz gzip -9 (limit $(WASM_GZIP_MAX))"; \
	test $$gz -le $(WASM_GZIP_MAX) || { echo "feedlens.wasm is over the size budget"; exit 1; }

extension/node_modules/.package-lock.json: extension/package.json extension/package-lock.json
	cd extension && npm ci --no-audit --no-fund

## extension: dist/extension (Chrome) and dist/extension-firefox
extension: wasm build extension/node_modules/.package-lock.json
	./bin/feedlens endpoints > dist/captures.json
	node extension/build.mjs --captures dist/captures.json --wasm dist/feedlens.wasm --exec $(WASM_EXEC) --out dist

## extension-lint: web-ext lint of the Firefox build
extension-lint: extension
	cd extension && npx --no-install web-ext lint --source-dir ../dist/extension-firefox --output text --warnings-as-errors

## e2e: the extension in headless Chromium (and one Firefox check) against fake platform sites
e2e: extension extension-lint
	@mkdir -p $(E2E_TMP)
	TMPDIR=$(E2E_TMP) FEEDLENS_EXTENSION=$(CURDIR)/dist $(GO) test -tags e2e -count=1 -timeout 15m ./extension/e2e/
	@rm -rf $(E2E_TMP)/org.chromium.Chromium.*

## bench-wasm: feedlens.inspect under Node vs native Go vs a JavaScript baseline (docs/perf/extension.md)
bench-wasm: wasm
	$(GO) test -run '^$$' -bench 'BenchmarkInspect' -benchtime 40x -count 5 ./wasm/bridge/ | tee dist/bench-native.txt
	node wasm/node/bench.mjs --native dist/bench-native.txt --wasm dist/feedlens.wasm --exec $(WASM_EXEC) $$(find "$(FEEDLENS_SHARED)/fixtures" -name '*.json' | sort)

test: e2e

## run-extension: build both extensions and say how to load them (part of `make run`)
run: run-extension
.PHONY: run-extension
run-extension: extension
	@echo ""
	@echo "feedlens extension built:"
	@echo "  Chrome/Chromium: open chrome://extensions, switch on Developer mode, 'Load unpacked' → $(CURDIR)/dist/extension"
	@echo "                   (extension id nmfmaikeonkmceokgiepkdoaahlcpfpa)"
	@echo "  Firefox:         open about:debugging#/runtime/this-firefox, 'Load Temporary Add-on…' → $(CURDIR)/dist/extension-firefox/manifest.json"
	@echo "                   (or: cd extension && npx web-ext run --source-dir ../dist/extension-firefox)"
