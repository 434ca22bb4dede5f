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

## ---- classify: the on-device classifiers (shared/classify) ----
.PHONY: model eval

## model: retrain the embedded classifier models and tables from $(FEEDLENS_SHARED)/data (byte-identical on rerun)
model:
	$(GO) run ./shared/classify/train

## eval: print the classifiers' evaluation table on the dev and eval-only data in $(FEEDLENS_SHARED)/data
eval:
	$(GO) run ./shared/classify/eval
