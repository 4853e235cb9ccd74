// Prints one plain closing line, "tests: N passed, N failed", from jest's JSON results.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const name of ['unit', 'e2e']) {
  const file = `.cache/test-results/${name}.json`;
  if (!existsSync(file)) continue;
  const results = JSON.parse(readFileSync(file, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
}
console.log(`tests: ${passed} passed, ${failed} failed`);
