import { parseCanarySpec } from './canary.js';
import { canaryCrd } from './crd.js';

const withSentry = (sentry: Record<string, unknown>) => ({
  targetRef: { name: 'podinfo' },
  service: { port: 9898 },
  sentry: { organization: 'acme', projects: [{ slug: 'shop', id: 1 }], tokenSecretRef: { name: 'sentry', key: 'token' }, ...sentry },
});

function environmentFieldsOfCrd(): Array<{ pattern: string; maxLength: number; default: string }> {
  const spec = (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema.properties.spec;
  const sentry = spec.properties.sentry.properties;
  return [sentry.environment, sentry.canaryEnvironment];
}

// Each refused by Sentry when Songbird records a deploy (DeploySerializer.environment).
const REFUSED: Array<[string, string]> = [
  ['a slash', 'prod/eu'],
  ['a newline', 'prod\neu'],
  ['a trailing newline', 'prod\n'],
  ['a carriage return', 'prod\r'],
  ['a form feed', 'pro\fd'],
  ['65 characters', 'e'.repeat(65)],
  ['65 characters outside the BMP', '\u{1F426}'.repeat(65)],
  ['an empty name', ''],
  ['leading whitespace Sentry would trim', ' production'],
  ['trailing whitespace Sentry would trim', 'production\t'],
];

describe('spec.sentry.environment and canaryEnvironment (Sentry\'s Environment.is_valid_name)', () => {
  it.each(REFUSED)('refuses an environment with %s, naming the field', (_what, environment) => {
    expect(parseCanarySpec(withSentry({ environment }))).toMatchObject({ ok: false, error: { field: 'spec.sentry.environment' } });
    expect(parseCanarySpec(withSentry({ canaryEnvironment: environment }))).toMatchObject({
      ok: false,
      error: { field: 'spec.sentry.canaryEnvironment' },
    });
  });

  it.each([
    ['64 characters', 'e'.repeat(64)],
    ['64 characters outside the BMP (64 code points, 128 UTF-16 units)', '\u{1F426}'.repeat(64)],
    ['an inner space and tab', 'prod eu\t1'],
    ['dots, colons and upper case', 'Prod.EU:1'],
  ])('accepts an environment of %s, as Sentry does', (_what, environment) => {
    expect(parseCanarySpec(withSentry({ environment, canaryEnvironment: environment })).ok).toBe(true);
  });

  it('keeps the defaults production and canary', () => {
    const parsed = parseCanarySpec(withSentry({}));
    expect(parsed.ok && [parsed.spec.sentry?.environment, parsed.spec.sentry?.canaryEnvironment]).toEqual(['production', 'canary']);
  });

  it.each(REFUSED.filter(([, e]) => e !== '\u{1F426}'.repeat(65)))('refuses an environment with %s at admission too (CRD pattern and maxLength)', (_what, environment) => {
    for (const field of environmentFieldsOfCrd()) {
      expect([typeof field.pattern, typeof field.maxLength]).toEqual(['string', 'number']);
      const admitted = [...environment].length <= field.maxLength && new RegExp(field.pattern).test(environment);
      expect(admitted).toBe(false);
    }
  });

  it('gives both CRD fields maxLength 64 (characters, as Kubernetes and Sentry count them) and keeps their defaults', () => {
    expect(environmentFieldsOfCrd().map((f) => [f.maxLength, f.default])).toEqual([[64, 'production'], [64, 'canary']]);
  });
});
