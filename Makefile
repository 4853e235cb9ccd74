# Songbird: `make demo` shows whole rollouts on a local Kubernetes; `make test` runs every test.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
NODE_MODULES := node_modules/.install-stamp
JEST := node --experimental-vm-modules --no-warnings node_modules/jest/bin/jest.js

.PHONY: test unit e2e typecheck crds world-install world demo bench-rollout bench-analysis bench-lifecycle controller clean

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

typecheck: $(NODE_MODULES)
	npx tsc --noEmit

unit: $(NODE_MODULES)
	mkdir -p .cache/test-results
	$(JEST) --selectProjects unit --json --outputFile=.cache/test-results/unit.json

world-install:
	bash e2e/world/install.sh

e2e: $(NODE_MODULES) world-install
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

controller: $(NODE_MODULES)
	npx tsx controller/runtime/main.ts

clean:
	rm -rf .cache/world/run
