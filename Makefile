# skiff: build, test, benchmark. `make help` lists the targets.

SHELL       := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
.NOTPARALLEL:

# Go lives at /usr/local/go on the machines this project runs on.
export PATH := $(PATH):/usr/local/go/bin

GO      ?= go
MODULE  := github.com/skiff-cli/skiff
BIN     := bin/docker
REF     ?= /usr/local/bin/docker
PREFIX  ?= $(HOME)/.local
# make man writes the pages here: man1/ (roff) and md/ (markdown reference)
MANDIR  ?= build/man

# Build identity. VERSION comes from a v* tag when there is one, else the version
# package's own default; override with `make VERSION=1.2.3`.
VERSION   ?= $(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null | sed 's/^v//')
COMMIT    ?= $(shell git rev-parse --short=7 HEAD 2>/dev/null || echo unknown)
# The commit's time, not the wall clock: the same commit builds the same binary.
BUILDTIME ?= $(shell t=$$(git log -1 --format=%ct 2>/dev/null) && date -u -d "@$$t" '+%a, %d %b %Y %H:%M:%S UTC' 2>/dev/null)

LDFLAGS := -s -w -X '$(MODULE)/version.GitCommit=$(COMMIT)'
ifneq ($(strip $(VERSION)),)
LDFLAGS += -X '$(MODULE)/version.Version=$(VERSION)'
endif
ifneq ($(strip $(BUILDTIME)),)
LDFLAGS += -X '$(MODULE)/version.BuildTime=$(BUILDTIME)'
endif

# Timeouts: the whole of `make test` must stay well under 15 minutes on 2 cores.
UNIT_TIMEOUT ?= 5m
E2E_TIMEOUT  ?= 8m
# Extra flags, e.g. make e2e E2EFLAGS='-run TestRoot -v'
GOTESTFLAGS ?=
E2EFLAGS    ?=
FUZZTIME    ?= 10s
# make test fuzzes too under CI=true (or FUZZ=1): every target briefly, on two workers.
FUZZ        ?=
CI_FUZZTIME ?= 3s
CI_FUZZWORKERS ?= 2
BENCHFLAGS  ?=

.PHONY: help build man install demo test unit vet e2e engine swarm swarm-stop bench bench-quick fuzz fuzz-ci clean

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

build: ## bin/docker: static (CGO_ENABLED=0), -trimpath, stripped, version stamped
	CGO_ENABLED=0 $(GO) build -trimpath -buildvcs=false -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/docker

# The generator (man/cmd/genman) is a build-time tool: bin/docker does not link it.
# SOURCE_DATE_EPOCH, the commit's time, dates the pages: the same commit, the same pages.
man: ## man pages docker(1), docker-run(1)... in $(MANDIR)/man1, markdown pages in $(MANDIR)/md
	$(GO) build -o build/genman ./man/cmd/genman
	SOURCE_DATE_EPOCH=$${SOURCE_DATE_EPOCH:-$$(git log -1 --format=%ct 2>/dev/null || date +%s)} \
		build/genman -md $(MANDIR)/md $(MANDIR)/man1
	@echo "man pages in $(MANDIR)/man1 (try: man -l $(MANDIR)/man1/docker-run.1)"

install: build man ## copy bin/docker to $(PREFIX)/bin (default ~/.local/bin), man pages to $(PREFIX)/share/man/man1; never over the reference
	@dest="$(DESTDIR)$(PREFIX)/bin/docker"; \
	if [ "$$(realpath -m -- "$$dest")" = "$$(realpath -m -- "$(REF)")" ] \
	   || [ "$$(realpath -m -- "$$dest")" = /usr/local/bin/docker ] \
	   || { [ -e "$$dest" ] && [ "$$dest" -ef /usr/local/bin/docker ]; }; then \
		echo "make install: refusing: $$dest is the reference client /usr/local/bin/docker; choose another PREFIX" >&2; \
		exit 1; \
	fi; \
	mandest="$(DESTDIR)$(PREFIX)/share/man/man1"; \
	install -d -m 0755 "$$mandest" 2>/dev/null || { echo "make install: cannot create $$mandest" >&2; exit 1; }; \
	[ -w "$$mandest" ] || { echo "make install: $$mandest is not writable" >&2; exit 1; }; \
	install -D -m 0755 $(BIN) "$$dest"; \
	echo "installed $$dest"; \
	install -m 0644 $(MANDIR)/man1/*.1 "$$mandest"/; \
	echo "installed $$(ls $(MANDIR)/man1/*.1 | wc -l) man pages in $$mandest"; \
	case ":$$PATH:" in *":$(DESTDIR)$(PREFIX)/bin:"*) ;; \
	  *) echo "note: $(DESTDIR)$(PREFIX)/bin is not on PATH; add it before /usr/local/bin to use skiff as docker" ;; esac

demo: build engine ## build, make an engine answer, then bin/docker info and bin/docker ps -a
	$(BIN) info
	$(BIN) ps -a

engine: ## make a real engine answer with the test image bb:latest (scripts/engine.sh up)
	@if [ "$${CI:-}" = true ]; then scripts/engine.sh up; \
	else scripts/engine.sh up || echo "make: WARNING: no engine (scripts/engine.sh up failed): the e2e tests will be skipped" >&2; fi

test: unit fuzz-ci e2e ## unit tests + go vet, the fuzz targets briefly (CI=true or FUZZ=1), then the engine, then the e2e tests

unit: vet ## go test of every package but e2e
	@pkgs=$$($(GO) list ./... | grep -v '^$(MODULE)/e2e$$' | grep -v '^$(MODULE)/e2e/' || true); \
	if [ -z "$$pkgs" ]; then echo "no packages to test"; exit 0; fi; \
	echo "$(GO) test -timeout $(UNIT_TIMEOUT) $(GOTESTFLAGS) <$$(echo $$pkgs | wc -w) packages>"; \
	$(GO) test -timeout $(UNIT_TIMEOUT) $(GOTESTFLAGS) $$pkgs

vet: ## go vet, also with the e2e build tag
	$(GO) vet ./...
	$(GO) vet -tags e2e ./...

# e2e/ plus every other package holding `//go:build e2e` tests (e.g. client's engine tests).
E2E_PKGS = ./e2e/... $(shell grep -rl --include='*_test.go' --exclude-dir=e2e --exclude-dir=.git '^//go:build.*\be2e\b' . 2>/dev/null | xargs -r -n1 dirname | sort -u)

# The swarm tests start their swarm themselves; the stop-unused after them also covers a
# test binary that died before its own teardown (a timeout).
e2e: build engine ## the e2e tests (build tag e2e) against the engine, bin/docker vs the reference
	@if [ "$${CI:-}" != true ] && ! scripts/engine.sh check; then \
		echo "make: WARNING: no engine answers: the e2e tests will skip" >&2; fi
	@echo "$(GO) test -tags e2e -count=1 -timeout $(E2E_TIMEOUT) -parallel 4 $(E2EFLAGS) $(E2E_PKGS)"; \
	status=0; $(GO) test -tags e2e -count=1 -timeout $(E2E_TIMEOUT) -parallel 4 $(E2EFLAGS) $(E2E_PKGS) || status=$$?; \
	scripts/swarm.sh stop-unused || echo "make: WARNING: scripts/swarm.sh stop-unused failed" >&2; \
	exit $$status

swarm: ## start the two-node test swarm (scripts/swarm.sh start; needs root) and print its hosts
	scripts/swarm.sh start

swarm-stop: ## stop the test swarm and remove all it made (scripts/swarm.sh stop)
	scripts/swarm.sh stop

bench: build ## scripts/bench.sh: skiff vs the reference, wall time and peak RSS ratios
	scripts/bench.sh $(BENCHFLAGS)

bench-quick: build ## scripts/bench.sh --quick: fewer runs
	scripts/bench.sh --quick $(BENCHFLAGS)

fuzz: ## every Fuzz* target for $(FUZZTIME) each, with its corpus; executions per target
	FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

# A plain local `make test` stays fast: the fuzzing runs under CI=true or FUZZ=1.
fuzz-ci: ## every Fuzz* target for $(CI_FUZZTIME) each, under CI=true or FUZZ=1 (part of make test)
	@if [ "$${CI:-}" = true ] || [ "$(FUZZ)" = 1 ]; then \
		FUZZTIME=$(CI_FUZZTIME) FUZZWORKERS=$(CI_FUZZWORKERS) scripts/fuzz.sh; \
	else echo "make: fuzz targets not run (CI=true or FUZZ=1 runs them; make fuzz runs them longer)"; fi

clean: ## remove bin/ and build/
	rm -rf bin build
