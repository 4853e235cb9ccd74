import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { canaryCrd, toStructural } from './crd.js';
import { renderCrdYaml } from './crd-yaml.js';

describe('canary CRD', () => {
  it('matches the committed crds/canary.yaml (run `make crds` when this fails)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../crds/canary.yaml', import.meta.url)), 'utf8');
    expect(committed).toBe(renderCrdYaml());
  });

  it('has no oneOf, anyOf or additionalProperties anywhere, as structural schemas require', () => {
    const text = JSON.stringify(canaryCrd());
    expect(text).not.toMatch(/"(oneOf|anyOf|additionalProperties)"/);
  });

  it('merges union variants into one object with the union of their properties', () => {
    const merged = toStructural({
      oneOf: [
        { type: 'object', properties: { type: { type: 'string', enum: ['a'] }, x: { type: 'number' } }, required: ['type', 'x'] },
        { type: 'object', properties: { type: { type: 'string', enum: ['b'] }, y: { type: 'string' } }, required: ['type'] },
      ],
    });
    expect(merged).toEqual({
      type: 'object',
      properties: { type: { type: 'string', enum: ['a', 'b'] }, x: { type: 'number' }, y: { type: 'string' } },
      required: ['type'],
    });
  });

  it('carries the schema defaults into the CRD', () => {
    const spec = (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema.properties.spec;
    expect(spec.properties.progressDeadlineSeconds.default).toBe(600);
    expect(spec.properties.service.properties.gateways.default).toEqual(['mesh']);
  });
});
