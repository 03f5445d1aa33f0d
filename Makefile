# The plugin's build, test and deploy entry points. `make help` lists them.
# plugin.json is the single source of truth for id, version and platforms.

NPM ?= npm
GO ?= go
BIN := node_modules/.bin
TSX := $(BIN)/tsx
VITEST := $(BIN)/vitest
NODE_MODULES := node_modules/.installed

PLUGIN_ID := $(shell node -p "require('./plugin.json').id" 2>/dev/null)
PLUGIN_VERSION := $(shell node -p "require('./plugin.json').version" 2>/dev/null)

# Test artefacts: gob vectors written by Go (go/, and models/ with one per generated
# schema) and by TypeScript (ts/, ts-models/).
VECTORS_DIR := test-results/gob-vectors

.DEFAULT_GOAL := all

.PHONY: all
all: check-style test dist ## Check style, run every test and build the bundle

$(NODE_MODULES): package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

.PHONY: install
install: $(NODE_MODULES) ## Install the npm dependencies from the lockfile

.PHONY: apply
apply: $(NODE_MODULES) ## Validate plugin.json and generate the typed manifest modules for both halves
	$(TSX) build/manifest/cli.ts apply

.PHONY: server
server: apply ## Build the server half: one self-contained executable per platform in plugin.json
	$(TSX) build/executable/cli.ts

.PHONY: webapp
webapp: apply ## Build the webapp half (webapp/dist/main.js)
	$(BIN)/webpack --config webapp/webpack.config.cjs --mode=production

.PHONY: bundle
bundle: $(NODE_MODULES) ## Pack the built halves into dist/<id>-<version>.tar.gz and verify it
	$(TSX) build/bundle/cli.ts

.PHONY: dist
dist: apply server webapp bundle ## Build both halves and the plugin bundle

.PHONY: deploy
deploy: dist ## Upload and enable the bundle (MM_SERVICESETTINGS_SITEURL + MM_ADMIN_TOKEN, or MM_ADMIN_USERNAME/PASSWORD, or MM_LOCALSOCKETPATH)
	$(TSX) build/deploy/cli.ts deploy

.PHONY: watch
watch: apply ## Rebuild and redeploy whenever a source file changes
	$(TSX) build/deploy/watch.ts

.PHONY: enable disable reset
enable disable reset: $(NODE_MODULES) ## Enable, disable or restart the plugin on the server
	$(TSX) build/deploy/cli.ts $@

.PHONY: generate
generate: ## Regenerate the TypeScript model types and schemas from the pinned Mattermost module
	$(GO) run ./build/modelgen

.PHONY: generate-check
generate-check: ## Fail when the generated model code is stale
	$(GO) run ./build/modelgen -check

.PHONY: test
test: $(NODE_MODULES) apply check-style generate-check test-unit dist test-conformance test-e2e ## Run every test: lint and types, unit, codec vectors, fuzzing, conformance against Mattermost's plugin host, browser

.PHONY: test-unit
test-unit: $(NODE_MODULES) apply
	rm -rf $(VECTORS_DIR) && $(GO) run ./server/conformance/gobvectors -out $(VECTORS_DIR)/go -models $(VECTORS_DIR)/models
	GOB_VECTORS_DIR=$(VECTORS_DIR) $(VITEST) run --project unit --project webapp

# The TypeScript Probe plugin (server/conformance/probe-ts): the runtime paths World Time does not use.
PROBE_BUNDLE := server/conformance/probe-ts/dist/com.example.probe-0.1.0.tar.gz

.PHONY: probe
probe: $(NODE_MODULES) ## Build the TypeScript Probe bundle that the conformance suite and the benchmarks drive
	$(TSX) server/conformance/probe-ts/build.ts

# World Time's linux-arm64 executable, run by the conformance host under qemu.
ARM64_DIR := build/.cache/arm64

.PHONY: test-conformance
test-conformance: probe ## Mattermost's own plugin host drives the built bundles (needs make dist and test-unit)
	$(TSX) build/executable/cli.ts --platform linux-arm64 --out-dir $(ARM64_DIR)
	@# First the Go reference plugins, proving the suite expects what Go plugins do; then ours, with no fallback
	@# (one package at a time: the emulated arm64 executable needs the CPU to start within the host's 3 s).
	$(GO) test -count=1 ./server/conformance ./build/...
	GOB_VECTORS_DIR=$(CURDIR)/$(VECTORS_DIR) CONFORMANCE_REQUIRE_TS=1 \
	WORLD_TIME_BUNDLE=$(CURDIR)/dist/$(PLUGIN_ID)-$(PLUGIN_VERSION).tar.gz \
	WORLD_TIME_ARM64_EXECUTABLE=$(CURDIR)/$(ARM64_DIR)/plugin-linux-arm64 \
	PROBE_BUNDLE=$(CURDIR)/$(PROBE_BUNDLE) \
	$(GO) test -count=1 -p 1 ./server/conformance/...

.PHONY: test-e2e
test-e2e: $(NODE_MODULES) ## Browser test: Chromium runs the built webapp against the bundle's server half under Mattermost's plugin host (needs make dist)
	GO=$(GO) $(VITEST) run --project e2e

.PHONY: check-style
check-style: apply ## Lint and type-check (eslint, tsc, go vet)
	$(BIN)/eslint .
	$(BIN)/tsc -p tsconfig.json
	$(BIN)/tsc -p webapp/tsconfig.json
	$(GO) vet ./...

.PHONY: bench
bench: probe ## Benchmarks: the same plugin in Go and in TypeScript under one Go host, with TS/Go ratios
	$(GO) run ./bench/host -ts $(CURDIR)/$(PROBE_BUNDLE)

.PHONY: clean
clean: ## Remove build output and test artefacts
	rm -rf dist server/dist webapp/dist test-results build/.cache/stage

.PHONY: help
help: ## Show this help
	@grep -hE '^[a-zA-Z0-9_ -]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([^:]+):.*## (.*)/  \1|\2/' | awk -F'|' '{printf "%-18s %s\n", $$1, $$2}'
