import { parseCanarySpec } from './canary.js';
import { canaryCrd } from './crd.js';
import type { InternalMatch } from './internal-match.js';

const withMatch = (match: unknown[], gateways?: string[]) => ({
  targetRef: { name: 'podinfo' },
  service: { port: 9898, ...(gateways ? { gateways } : {}) },
  stages: { internal: { match } },
});

function refusal(spec: unknown): { field: string; message: string } {
  const parsed = parseCanarySpec(spec);
  if (parsed.ok) throw new Error('expected the spec to be refused');
  return { field: parsed.error.field, message: parsed.error.message };
}

describe('internal match regexes (RE2, at most 1024 bytes, as Istio validates them)', () => {
  it.each<[string, InternalMatch, string, RegExp]>([
    ['a lookahead', { header: { name: 'x-user', regex: 'int(?=ernal)' } }, 'spec.stages.internal.match[0].header.regex', /not an RE2 regex.*invalid or unsupported Perl syntax: `\(\?=`/],
    ['a backreference', { header: { name: 'x-user', regex: '(a)\\1' } }, 'spec.stages.internal.match[0].header.regex', /invalid escape sequence: `\\1`/],
    ['a bare star', { jwtClaim: { name: 'groups', regex: '*' } }, 'spec.stages.internal.match[0].jwtClaim.regex', /missing argument to repetition operator/],
    ['an unclosed group in a cookie regex', { cookie: { regex: '^(beta=1' } }, 'spec.stages.internal.match[0].cookie.regex', /missing closing \)/],
    ['a repeat count RE2 refuses', { header: { name: 'x-user', regex: 'a{1001}' } }, 'spec.stages.internal.match[0].header.regex', /invalid repeat count/],
  ])('refuses %s, naming the field and RE2\'s reason', (_what, match, field, reason) => {
    const { field: named, message } = refusal(withMatch([match], ['mesh', 'istio-system/public']));
    expect(named).toBe(field);
    expect(message).toMatch(reason);
  });

  it.each([
    ['a named group written the RE2 way', '(?P<team>plat|infra)-.*'],
    ['a POSIX class', '[[:alpha:]]+'],
    ['a case-insensitive flag', '(?i)internal'],
    ['\\z at the end', 'staff-\\d+\\z'],
  ])('accepts %s', (_what, regex) => {
    expect(parseCanarySpec(withMatch([{ header: { name: 'x-user', regex } }])).ok).toBe(true);
  });

  it('accepts a regex of exactly 1024 bytes and refuses one of 1025, naming the field', () => {
    expect(parseCanarySpec(withMatch([{ header: { name: 'x-user', regex: 'a'.repeat(1024) } }])).ok).toBe(true);
    const { field, message } = refusal(withMatch([{ header: { name: 'x-user', regex: 'a'.repeat(1025) } }]));
    expect(field).toBe('spec.stages.internal.match[0].header.regex');
    expect(message).toContain('at most 1024 bytes');
  });

  it('counts bytes as Istio does, so 513 two-byte characters are too long', () => {
    const { field, message } = refusal(withMatch([{ header: { name: 'x-user', regex: 'é'.repeat(513) } }]));
    expect(field).toBe('spec.stages.internal.match[0].header.regex');
    expect(message).toContain('this one has 1026');
  });

  it('refuses a cookie name and value whose regex over the Cookie header passes 1024 bytes', () => {
    const { field, message } = refusal(withMatch([{ cookie: { name: 'songbird-user', value: 'x'.repeat(1000) } }]));
    expect(field).toBe('spec.stages.internal.match[0].cookie');
    expect(message).toContain('regex over the Cookie header');
  });

  it.each([
    [{ header: { name: 'x-user', regex: '' } }, 'spec.stages.internal.match[0].header.regex'],
    [{ header: { name: 'x-user', prefix: '' } }, 'spec.stages.internal.match[0].header.prefix'],
    [{ header: { name: 'x user', exact: 'a' } }, 'spec.stages.internal.match[0].header.name'],
    [{ header: { name: 'cookie', regex: '.*' }, cookie: { name: 'a', value: 'b' } }, 'spec.stages.internal.match[0].header.name'],
  ])('refuses what Istio refuses in a header match (%#)', (match, field) => {
    expect(refusal(withMatch([match])).field).toBe(field);
  });

  it('carries maxLength 1024 on every regex field into the CRD', () => {
    const spec = (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema.properties.spec;
    const match = spec.properties.stages.properties.internal.properties.match.items.properties;
    expect([match.header.properties.regex.maxLength, match.jwtClaim.properties.regex.maxLength, match.cookie.properties.regex.maxLength]).toEqual([1024, 1024, 1024]);
  });

  it('refuses more than 1024 bytes at admission with a CEL rule on every regex field, since maxLength counts characters', () => {
    const spec = (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema.properties.spec;
    const match = spec.properties.stages.properties.internal.properties.match.items.properties;
    const rules = [match.header, match.jwtClaim, match.cookie].map((m) => m.properties.regex['x-kubernetes-validations']);
    expect(rules).toEqual(Array(3).fill([expect.objectContaining({ rule: 'size(bytes(self)) <= 1024' })]));
  });
});

describe('JWT claim matches and gateways', () => {
  const claim = { jwtClaim: { name: 'groups', exact: 'internal' } };
  const header = { header: { name: 'x-songbird-user', exact: 'internal' } };

  it.each([[undefined], [['mesh']], [[]]])('refuses a jwtClaim match, naming it, when the gateways are %j (mesh only)', (gateways) => {
    const { field, message } = refusal(withMatch([header, claim], gateways));
    expect(field).toBe('spec.stages.internal.match[1].jwtClaim');
    expect(message).toContain('Istio routes on JWT claims only at a gateway');
  });

  it.each([[['mesh', 'istio-system/public']], [['istio-system/public']]])('accepts a jwtClaim match when the gateways are %j', (gateways) => {
    expect(parseCanarySpec(withMatch([header, claim], gateways)).ok).toBe(true);
  });

  it('refuses a gateway name Istio refuses', () => {
    expect(refusal(withMatch([header], ['mesh', 'istio-system/Public_GW'])).field).toBe('spec.service.gateways[1]');
  });

  it('says the same at admission: a CEL rule on spec refuses a jwtClaim without a gateway', () => {
    const spec = (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema.properties.spec;
    expect(spec['x-kubernetes-validations']).toContainEqual(
      expect.objectContaining({ rule: expect.stringContaining("self.service.gateways.exists(g, g != 'mesh')"), fieldPath: '.stages.internal.match' }),
    );
    const bounds = [spec.properties.stages.properties.internal.properties.match.maxItems, spec.properties.service.properties.gateways.maxItems];
    expect(bounds).toEqual([64, 32]);
  });
});
