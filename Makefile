# Liftwell. `make serve` builds the site and serves it with live reload;
# `make test` runs every test. See README.md.

GO       ?= go
BASE     ?= /
ORIGIN   ?= http://localhost:8080
ADDR     ?= localhost:8080
FUZZTIME ?= 10s
WASMEXEC := $(shell $(GO) env GOROOT)/lib/wasm

# Fuzz targets, as package:Target, each run for FUZZTIME by `make fuzz`.
FUZZ := ./internal/content:FuzzArticle ./internal/content:FuzzExercise \
        ./internal/content:FuzzFastYAML \
        ./internal/site:FuzzMarkdown ./internal/site:FuzzScanHTML \
        ./internal/checker:FuzzAssess

.PHONY: site serve test test-go test-wasm fuzz bench clean

site:
	$(GO) run ./cmd/liftwell build -out site -base $(BASE) -origin $(ORIGIN)

serve:
	$(GO) run ./cmd/liftwell serve -addr $(ADDR) -base $(BASE)

test: node_modules test-go test-wasm fuzz

test-go:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 20m ./...

# The checker and its WebAssembly glue, compiled to WebAssembly and run
# under Node with the go_js_wasm_exec of the same Go release.
test-wasm:
	PATH="$(WASMEXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test -count=1 ./internal/checker/ ./wasm/

fuzz:
	@set -e; for t in $(FUZZ); do \
	  pkg=$${t%%:*}; name=$${t##*:}; \
	  echo "fuzz $$pkg $$name for $(FUZZTIME)"; \
	  $(GO) test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) $$pkg; \
	done

# The browser tests need axe-core and the Nu HTML Checker, pinned in
# package-lock.json. Install scripts are skipped: vnu-jar's only one would
# download a Java runtime, and Java comes from the system.
node_modules: package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch node_modules

# Go benchmarks (build at 250/1,000/4,000 articles in ns/page, one page,
# rebuild after an edit), then liftwell against Hugo on synthetic corpora
# (cmd/benchsite; pass options as BENCHSITE="-rounds 3 -sizes 1000").
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/...
	$(GO) test -run '^$$' -bench ModuleReady -benchtime 20x ./e2e
	$(GO) run ./cmd/benchsite $(BENCHSITE)

# Lighthouse 13 (mobile defaults, headless Chromium) on the home page, an
# article, an exercise and the checker of a fresh build, served like GitHub
# Pages; prints the four scores and every audit that does not pass.
lighthouse:
	test -x /tmp/lh/node_modules/.bin/lighthouse || npm install --prefix /tmp/lh lighthouse@13 --no-audit --no-fund
	rm -rf /tmp/liftwell-lh-site
	$(GO) run ./cmd/liftwell build -out /tmp/liftwell-lh-site -origin http://127.0.0.1
	CHROME_PATH=/usr/bin/chromium $(GO) run ./cmd/benchsite/lighthouse -site /tmp/liftwell-lh-site

clean:
	rm -rf site
