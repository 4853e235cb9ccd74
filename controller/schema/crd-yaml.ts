import { dump } from 'js-yaml';
import { canaryCrd } from './crd.js';

export const CRD_HEADER = '# Generated from controller/schema by `make crds`. Do not edit by hand.\n';

export function renderCrdYaml(): string {
  return CRD_HEADER + dump(canaryCrd(), { noRefs: true, lineWidth: 120, sortKeys: false });
}
