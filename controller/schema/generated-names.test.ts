import { canaryCrd } from './crd.js';
import { checkCanaryName, parseCanarySpec } from './canary.js';
import { CANARY_NAME_CEL_RULE, generatedNamesOf, MAX_LABEL_LENGTH, MAX_SERVICE_NAME_LENGTH, SERVICE_NAME_CEL_RULE, TARGET_AS_SERVICE_NAME_CEL_RULE } from './generated-names.js';

/** A DNS label of exactly `length` characters. */
const nameOf = (length: number): string => `a${'b'.repeat(length - 2)}c`;
const spec = (targetName: string, serviceName?: string) => ({
  targetRef: { name: targetName },
  service: { port: 9898, ...(serviceName === undefined ? {} : { name: serviceName }) },
});

describe('names Songbird derives from a Canary', () => {
  it('names the primary after the target and the Services and routes after spec.service.name when it is set', () => {
    expect(generatedNamesOf(spec('podinfo', 'shop'))).toEqual({
      target: 'podinfo', primaryWorkload: 'podinfo-primary', primaryAutoscaler: 'podinfo-primary',
      service: 'shop', primaryService: 'shop-primary', canaryService: 'shop-canary', internalService: 'shop-internal', gatewayRoute: 'shop-gateway',
    });
  });

  it('names the Services and routes after the target when spec.service.name is unset', () => {
    expect(generatedNamesOf(spec('podinfo'))).toMatchObject({ service: 'podinfo', primaryService: 'podinfo-primary', canaryService: 'podinfo-canary', gatewayRoute: 'podinfo-gateway' });
  });

  it('keeps every name derived from the longest accepted Service name within a DNS label', () => {
    const names = generatedNamesOf(spec('podinfo', nameOf(MAX_SERVICE_NAME_LENGTH)));
    const longest = Math.max(...[names.service, names.primaryService, names.canaryService, names.internalService, names.gatewayRoute].map((n) => n.length));
    expect(longest).toBe(MAX_LABEL_LENGTH);
  });

  it('leaves room for -internal in a 63-character label when the limit is 54', () => {
    expect(MAX_SERVICE_NAME_LENGTH).toBe(54);
    expect(`${nameOf(MAX_SERVICE_NAME_LENGTH)}-internal`).toHaveLength(63);
  });

  it('accepts a 54-character target name when it is the Service name', () => {
    expect(parseCanarySpec(spec(nameOf(54))).ok).toBe(true);
  });

  it.each([55, 56, 63])('refuses a %i-character target name at spec.targetRef.name when it is the Service name', (length) => {
    const parsed = parseCanarySpec(spec(nameOf(length)));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.field).toBe('spec.targetRef.name');
    expect(parsed.error.message).toContain('at most 54 characters');
    expect(parsed.error.message).toContain('-internal');
  });

  it('accepts a 63-character target name when a short spec.service.name names the Services (<target>-primary is a DNS subdomain)', () => {
    expect(parseCanarySpec(spec(nameOf(63), 'shop')).ok).toBe(true);
  });

  it('refuses a 55-character spec.service.name at that field even when the target name is short', () => {
    const parsed = parseCanarySpec(spec('shop', nameOf(55)));
    expect(parsed).toMatchObject({ ok: false, error: { field: 'spec.service.name' } });
    if (parsed.ok) return;
    expect(parsed.error.message).toContain('at most 54 characters');
  });

  it('accepts a 54-character spec.service.name', () => {
    expect(parseCanarySpec(spec('shop', nameOf(54))).ok).toBe(true);
  });

  it('accepts a Canary name of 63 characters (a label value)', () => {
    expect(checkCanaryName(nameOf(63))).toEqual({ ok: true });
  });

  it('refuses a Canary name of 64 characters at metadata.name', () => {
    const checked = checkCanaryName(nameOf(64));
    expect(checked).toMatchObject({ ok: false, error: { code: 'invalidSpec', field: 'metadata.name', retryable: false } });
    if (!checked.ok) expect(checked.error.message).toContain('songbird.dev/canary label');
  });
});

describe('the CRD refuses the same names at admission', () => {
  const root = (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema;

  it('carries the Canary name rule on the root, where CEL may read metadata.name', () => {
    expect(root['x-kubernetes-validations']).toEqual([CANARY_NAME_CEL_RULE]);
    expect(CANARY_NAME_CEL_RULE.rule).toBe('self.metadata.name.size() <= 63');
  });

  it('declares metadata.name in the schema when the root rule points at .metadata.name (the apiserver refuses a fieldPath to an undeclared field)', () => {
    expect(CANARY_NAME_CEL_RULE.fieldPath).toBe('.metadata.name');
    expect(root.properties.metadata).toEqual({ type: 'object', properties: { name: { type: 'string' } } });
  });

  it('carries the target-as-Service-name rule on spec with the field path .targetRef.name', () => {
    expect(root.properties.spec['x-kubernetes-validations']).toContainEqual(TARGET_AS_SERVICE_NAME_CEL_RULE);
    expect(TARGET_AS_SERVICE_NAME_CEL_RULE.fieldPath).toBe('.targetRef.name');
  });

  it('carries the 54-character rule on spec.service.name itself', () => {
    const name = root.properties.spec.properties.service.properties.name;
    expect(name['x-kubernetes-validations']).toEqual([SERVICE_NAME_CEL_RULE]);
    expect(name.maxLength).toBe(63);
  });
});
