# Liftwell. `make serve` builds the site and serves it with live reload;
# `make test` runs every test. See README.md.

GO       ?= go
BASE     ?= /
ORIGIN   ?= http://localhost:8080
ADDR     ?= localhost:8080
FUZZTIME ?=
FUZZMINIMIZE ?= 500x
LIGHTHOUSE_RUNS ?= 5
WASMEXEC := $(shell $(GO) env GOROOT)/lib/wasm

# Fuzz targets for `make fuzz`, as package:Target:budget. A budget is a
# number of inputs, about 10 s of fuzzing each on a 2-core machine, not a
# duration: with a duration, Go 1.26's fuzzer can fail a clean run with
# "context deadline exceeded" as time runs out (go.dev/issue/75804, fixed in
# Go 1.27). FUZZTIME=1m (or 5000000x) overrides every budget. Each input
# that finds new code is minimized with at most FUZZMINIMIZE tries (Go's
# default, 60 s an input, can take minutes on Markdown); so is a failing
# input before it is written to testdata/fuzz.
FUZZ := ./internal/content:FuzzArticle:40000x \
        ./internal/content:FuzzExercise:20000x \
        ./internal/content:FuzzFastYAML:300000x \
        ./internal/svg:FuzzSVG:150000x \
        ./internal/site:FuzzMarkdown:15000x \
        ./internal/site:FuzzPrescan:50000x \
        ./internal/linkcheck:FuzzScanHTML:80000x \
        ./internal/checker:FuzzAssess:300000x \
        ./internal/painlog:FuzzParse:300000x

.PHONY: site serve test test-go test-wasm fuzz bench clean

site:
	$(GO) run ./cmd/liftwell build -out site -base $(BASE) -origin $(ORIGIN)

serve:
	$(GO) run ./cmd/liftwell serve -addr $(ADDR) -base $(BASE)

# go vet and the Go tests (the browser tests among them) run beside the
# WebAssembly tests, their output kept apart. Fuzzing proper is not part
# of it: go test already runs every fuzz target's seed corpus, and
# `make fuzz` runs the fuzzers (nightly in .github/workflows/fuzz.yml).
test: node_modules
	$(MAKE) -j2 --output-sync=target test-go test-wasm

# -parallel 4: the browser tests that mostly wait (slow network, offline,
# live reload, the long checker walks) run four at a time, not two.
test-go:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m -parallel 4 ./...

# The checker, the pain log and their WebAssembly glue, compiled to WebAssembly and run
# under Node with the go_js_wasm_exec of the same Go release.
test-wasm:
	PATH="$(WASMEXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test -count=1 ./internal/checker/ ./internal/painlog/ ./wasm/

fuzz:
	@set -e; for t in $(FUZZ); do \
	  pkg=$${t%%:*}; rest=$${t#*:}; name=$${rest%%:*}; budget=$${rest#*:}; \
	  override="$(FUZZTIME)"; budget=$${override:-$$budget}; \
	  echo "fuzz $$pkg $$name for $$budget"; \
	  $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $$budget -fuzzminimizetime $(FUZZMINIMIZE) $$pkg; \
	done

# The browser tests need axe-core and the Nu HTML Checker, pinned in
# package-lock.json. Install scripts are skipped: vnu-jar's only one would
# download a Java runtime, and Java comes from the system.
node_modules: package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch node_modules

# Go benchmarks (build at 250/1,000/4,000 articles in ns/page, one page,
# rebuild after an edit), then liftwell against Hugo on synthetic corpora
# (cmd/benchsite): full builds, and edits under liftwell serve and hugo
# server (pass options as BENCHSITE="-rounds 3 -sizes 1000", or
# BENCHSITE=-serve for the edits alone).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...
	$(GO) test -run '^$$' -bench ModuleReady -benchtime 20x ./e2e
	$(GO) run ./cmd/benchsite $(BENCHSITE)

# Lighthouse 13 (mobile defaults, headless Chromium) on the home page, an
# article, an exercise, the checker and the pain log of a fresh build,
# served like GitHub Pages; prints the four scores and every audit that
# does not pass.
lighthouse:
	test -x /tmp/lh/node_modules/.bin/lighthouse || npm install --prefix /tmp/lh lighthouse@13 --no-audit --no-fund
	rm -rf /tmp/liftwell-lh-site
	$(GO) run ./cmd/liftwell build -out /tmp/liftwell-lh-site -origin http://127.0.0.1
	CHROME_PATH=/usr/bin/chromium $(GO) run ./cmd/benchsite/lighthouse -site /tmp/liftwell-lh-site -runs $(LIGHTHOUSE_RUNS)

clean:
	rm -rf site
