# Songbird: `make demo` shows whole rollouts on a local Kubernetes; `make test` runs every test.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
NODE_MODULES := node_modules/.install-stamp
JEST := node --experimental-vm-modules --no-warnings node_modules/jest/bin/jest.js
# dist/ is rebuilt when a controller or dashboard page source, a folder (a file added or deleted) or a tsconfig changes.
BUILD := dist/.build-stamp
BUILD_INPUTS := $(shell find controller dashboard/web -mindepth 1 \( -name '*.ts' -o -name '*.html' -o -name '*.css' -o -name '*.json' -o -type d \)) tsconfig.json tsconfig.build.json

.PHONY: test unit e2e typecheck build crds world-install world demo bench-rollout bench-analysis bench-lifecycle bench-operations bench-scale controller clean

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

typecheck: $(NODE_MODULES)
	npx tsc --noEmit

unit: $(NODE_MODULES)
	mkdir -p .cache/test-results
	$(JEST) --selectProjects unit --json --outputFile=.cache/test-results/unit.json

# The compiled controller and CLI (dist/controller/runtime/main.js, dist/controller/cli/main.js), as the image runs them,
# and the dashboard's page (dist/dashboard-web, by Vite): npm run build does both.
$(BUILD): $(NODE_MODULES) $(BUILD_INPUTS)
	rm -rf dist
	npm run --silent build
	touch $@

build: $(BUILD)

world-install:
	bash e2e/world/install.sh

e2e: $(NODE_MODULES) $(BUILD) world-install
	mkdir -p .cache/test-results
	$(JEST) --selectProjects e2e --runInBand --json --outputFile=.cache/test-results/e2e.json

test: typecheck unit e2e

crds: $(NODE_MODULES)
	npx tsx controller/schema/write-crd.ts

world: $(NODE_MODULES) world-install
	npx tsx e2e/world/run-world.ts

demo: $(NODE_MODULES) world-install
	npx tsx e2e/demo/run-demo.ts

bench-rollout: $(NODE_MODULES) world-install
	npx tsx bench/rollout.ts

bench-analysis: $(NODE_MODULES)
	npx tsx bench/analysis.ts

bench-lifecycle: $(NODE_MODULES) world-install
	npx tsx bench/lifecycle.ts

# The built controller as its own process (two replicas, SIGKILL, SIGTERM, VmRSS); `npx tsx bench/operations.ts --runtime tsx` for the old way's memory.
bench-operations: $(NODE_MODULES) $(BUILD) world-install
	npx tsx bench/operations.ts

# Songbird (dist/) and Flagger side by side for 100, 300 and 1,000 Canaries; Flagger is built only here (bench/scale/install-flagger.sh).
bench-scale: $(NODE_MODULES) $(BUILD) world-install
	bash bench/scale/install-flagger.sh
	npx tsx bench/scale.ts

controller: $(BUILD)
	node dist/controller/runtime/main.js

clean:
	rm -rf .cache/world/run dist
