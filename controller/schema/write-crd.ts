import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderCrdYaml } from './crd-yaml.js';

// `make crds`: regenerates crds/canary.yaml from the zod schema.
const target = fileURLToPath(new URL('../../crds/canary.yaml', import.meta.url));
writeFileSync(target, renderCrdYaml());
console.log(`wrote ${target}`);
