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
test: vet vet-wasm worker-deps
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
