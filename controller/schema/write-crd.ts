import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCrdYaml } from './crd-yaml.js';

// `make crds`: regenerates crds/canary.yaml from the zod schema, and the Helm
// chart's copy (Helm installs charts/songbird/crds/ as is and cannot template
// it; e2e/tests/helm-chart.e2e.test.ts fails if the two differ).
const yaml = renderCrdYaml();
for (const path of ['../../crds/canary.yaml', '../../charts/songbird/crds/canary.yaml']) {
  const target = fileURLToPath(new URL(path, import.meta.url));
  writeFileSync(target, yaml);
  console.log(`wrote ${target}`);
}
