# feedlens: one Makefile for everything a person or CI does.
# `make run` and `make test` are the two set-up commands (see README.md).

GO      ?= go
SHARED  ?= $(abspath ../shared)
RUN_ADDR ?= 127.0.0.1:8080
# The extension's fixed id (from the key in manifest.json).
EXTENSION_ID := nmfmaikeonkmceokgiepkdoaahlcpfpa
export FEEDLENS_SHARED ?= $(SHARED)
FUZZTIME ?= 20s
# The module's packages; npm's node_modules (extension/) may hold Go files
# of other projects, which are not ours to build or vet.
PKGS     = $(shell $(GO) list ./... | grep -v /node_modules/)

.PHONY: all build run test bench fuzz vet clean

all: build

## build: the feedlens command into bin/
build:
	$(GO) build -trimpath -o bin/feedlens ./cmd/feedlens

## run: the main job — the WASM core and both extensions into dist/ (with how to load them), then the
## study server on the embedded SQLite file dist/feedlens.db with the example study; Ctrl-C stops it
run: build run-extension
	@token="$${FEEDLENS_ADMIN_TOKEN:-$$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')}"; \
	echo ""; \
	echo "study server: http://$(RUN_ADDR) on dist/feedlens.db; admin token: $$token"; \
	echo "  (researchers: docs/RESEARCHERS.md; stop with Ctrl-C)"; \
	FEEDLENS_ADMIN_TOKEN="$$token" FEEDLENS_CHROME_EXTENSION_ID=$(EXTENSION_ID) \
		./bin/feedlens serve --addr $(RUN_ADDR) --db file:dist/feedlens.db --study docs/examples/study.json

## test: every test (unit, fixtures, fuzz seeds)
test: vet vet-wasm worker-deps
	$(GO) test -count=1 $(PKGS)

vet:
	$(GO) vet $(PKGS)
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { gofmt -l .; echo "gofmt needed"; exit 1; }

## bench: the benchmarks of the native core
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./shared/...

## fuzz: a bounded run of every fuzz target ($(FUZZTIME) each)
fuzz:
	@for pkg in $(PKGS); do \
		for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "== $$pkg $$t"; \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf bin dist

# ---- study server: shared/report, server/, the Worker (server/worker) ----

WORKER_DIR ?= server/worker
ADDR       ?= :8080
DB         ?= file:feedlens.db
# The Worker's wasm must fit Cloudflare's free plan: 3 MB gzipped.
WORKER_MAX_GZIP ?= 3000000

.PHONY: serve worker worker-deps vet-wasm loadtest

## serve: the study server on $(DB) at $(ADDR) (admin routes need FEEDLENS_ADMIN_TOKEN)
serve: build
	./bin/feedlens serve --addr $(ADDR) --db $(DB)

## worker-deps: wrangler (pinned, package-lock.json) for the Worker and its test
worker-deps: $(WORKER_DIR)/node_modules/.package-lock.json

$(WORKER_DIR)/node_modules/.package-lock.json: $(WORKER_DIR)/package.json $(WORKER_DIR)/package-lock.json
	cd $(WORKER_DIR) && npm ci --no-audit --no-fund

## worker: the Worker's wasm into server/worker/build, failing above $(WORKER_MAX_GZIP) bytes gzipped
worker:
	cd $(WORKER_DIR) && $(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o build \
		&& GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o build/app.wasm .
	@size=$$(gzip -9 -c $(WORKER_DIR)/build/app.wasm | wc -c); \
		echo "worker wasm: $$size bytes gzip -9 (limit $(WORKER_MAX_GZIP))"; \
		test $$size -le $(WORKER_MAX_GZIP) || { echo "worker wasm too large"; exit 1; }

## vet-wasm: vet the packages that only build for js/wasm (go vet ./... skips them)
vet-wasm:
	GOOS=js GOARCH=wasm $(GO) vet ./server/worker ./shared/report

## loadtest: sustained ingest and aggregate latency on SQLite (LOADTEST_FLAGS="--db postgres://…" for PostgreSQL)
loadtest: build
	./bin/feedlens loadtest $(LOADTEST_FLAGS)

## ---- classify: the on-device classifiers (shared/classify) ----
.PHONY: model eval

## model: retrain the embedded classifier models and tables from $(FEEDLENS_SHARED)/data (byte-identical on rerun)
model:
	$(GO) run ./shared/classify/train

## eval: print the classifiers' evaluation table on the dev and eval-only data in $(FEEDLENS_SHARED)/data
eval:
	$(GO) run ./shared/classify/eval

# ---- extension: the Go→WASM core (wasm/) and the MV3 extension (extension/, manifest.json) ----
WASM_EXEC     := $(shell $(GO) env GOROOT)/lib/wasm/wasm_exec.js
WASM_GZIP_MAX := 1572864
VERSION       ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
# Browsers leave temp dirs behind: keep them inside the worktree.
E2E_TMP       := $(CURDIR)/.tmp/e2e

.PHONY: wasm extension extension-lint e2e bench-wasm

# The core leaves the classifier's models out (they ship beside it in
# dist/models) and inlines only in the hot packages: with both it fits
# the size budget (docs/perf/extension.md has the figures). shared/feed
# is not one of them: its adapters' inlined helpers cost 67 KB gzip, and
# its walker is written to need no inlining.
WASM_GCFLAGS  := -gcflags=all=-l -gcflags=runtime= -gcflags=internal/...= -gcflags=encoding/json= -gcflags=github.com/tidwall/gjson= \
	-gcflags=github.com/feedlens/feedlens/shared/classify/...=
WASM_FLAGS    := -tags feedlens_models_apart -trimpath -ldflags='-s -w -X github.com/feedlens/feedlens/wasm/bridge.Version=$(VERSION)' $(WASM_GCFLAGS)
MODEL_FILES   := model/topic.lin model/clickbait.lin model/offense_de.lin model/brands.tsv model/politicians.tsv rules.txt hints.txt

## wasm: dist/feedlens.wasm and its dist/models, failing when the core exceeds 1.5 MB gzip
wasm:
	@mkdir -p dist/models/model
	GOOS=js GOARCH=wasm $(GO) build $(WASM_FLAGS) -o dist/feedlens.wasm ./wasm
	@for f in $(MODEL_FILES); do cp shared/classify/$$f dist/models/$$f; done
	@raw=$$(wc -c < dist/feedlens.wasm); gz=$$(gzip -9 -c dist/feedlens.wasm | wc -c); \
	echo "dist/feedlens.wasm: $$raw bytes, $$gz gzip -9 (limit $(WASM_GZIP_MAX))"; \
	test $$gz -le $(WASM_GZIP_MAX) || { echo "feedlens.wasm is over the size budget"; exit 1; }

extension/node_modules/.package-lock.json: extension/package.json extension/package-lock.json
	cd extension && npm ci --no-audit --no-fund

## extension: dist/extension (Chrome) and dist/extension-firefox
extension: wasm build extension/node_modules/.package-lock.json
	./bin/feedlens endpoints > dist/captures.json
	node extension/build.mjs --captures dist/captures.json --wasm dist/feedlens.wasm --models dist/models --exec $(WASM_EXEC) --out dist

## extension-lint: web-ext lint of the Firefox build
extension-lint: extension
	cd extension && npx --no-install web-ext lint --source-dir ../dist/extension-firefox --output text --warnings-as-errors

## e2e: the extension in headless Chromium (and one Firefox check) against fake platform sites
e2e: extension extension-lint
	@mkdir -p $(E2E_TMP)
	TMPDIR=$(E2E_TMP) FEEDLENS_EXTENSION=$(CURDIR)/dist FEEDLENS_CLI=$(CURDIR)/bin/feedlens $(GO) test -tags e2e -count=1 -timeout 15m ./extension/e2e/
	@rm -rf $(E2E_TMP)/org.chromium.Chromium.*

## bench-wasm: feedlens.inspect under Node vs native Go vs a JavaScript baseline (docs/perf/extension.md)
# The parsing alone, compiled for WebAssembly as the core is and run under
# Node, is the part of the call the JavaScript baseline also does.
bench-wasm: wasm
	$(GO) test -run '^$$' -bench 'BenchmarkInspect' -benchtime 40x -count 5 ./wasm/bridge/ | tee dist/bench-native.txt
	GOOS=js GOARCH=wasm $(GO) test -exec $(dir $(WASM_EXEC))go_js_wasm_exec $(WASM_GCFLAGS) \
		-run '^$$' -bench 'BenchmarkParse' -benchtime 40x -count 5 ./wasm/bridge/ | tee dist/bench-wasm-parse.txt
	node wasm/node/bench.mjs --native dist/bench-native.txt --wasm-parse dist/bench-wasm-parse.txt \
		--wasm dist/feedlens.wasm --exec $(WASM_EXEC) $$(find "$(FEEDLENS_SHARED)/fixtures" -name '*.json' | sort)

test: e2e

## run-extension: build both extensions and say how to load them (part of `make run`)
.PHONY: run-extension
run-extension: extension
	@echo ""
	@echo "feedlens extension built:"
	@echo "  Chrome/Chromium: open chrome://extensions, switch on Developer mode, 'Load unpacked' → $(CURDIR)/dist/extension"
	@echo "                   (extension id $(EXTENSION_ID))"
	@echo "  Firefox:         open about:debugging#/runtime/this-firefox, 'Load Temporary Add-on…' → $(CURDIR)/dist/extension-firefox/manifest.json"
	@echo "                   (or: cd extension && npx web-ext run --source-dir ../dist/extension-firefox)"
