import { describe, expect, it } from '@jest/globals';
import { parseCanarySpec } from './canary.js';
import { canaryCrd } from './crd.js';
import { hostProblem, hostsOverlap } from './virtual-service-host.js';

// The Service is `web`; Songbird writes the VirtualService hosts [web, ...spec.service.hosts].
const withHosts = (hosts: string[], gateways?: string[]) => ({
  targetRef: { name: 'web' },
  service: { port: 8080, hosts, ...(gateways ? { gateways } : {}) },
});

function refusal(spec: unknown): { field: string; message: string } | 'ok' {
  const parsed = parseCanarySpec(spec);
  return parsed.ok ? 'ok' : { field: parsed.error.field, message: parsed.error.message };
}

function crdOf(): any {
  return (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema.properties.spec;
}

/** Whether the CRD's pattern, maxLength and the host item's CEL rules (evaluated here as the regexes they are) admit `host`. */
function crdAdmits(host: string): boolean {
  const items = crdOf().properties.service.properties.hosts.items;
  if (host.length > items.maxLength || !new RegExp(items.pattern).test(host)) return false;
  const ipv4 = /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;
  return (!/[.][0-9]+$/.test(host) || ipv4.test(host)) && host !== '*';
}

// Each refused by istio.io/istio's ValidateVirtualService (agent.ValidateWildcardDomain) at the pinned version, whatever the gateways.
const REFUSED_ANYWHERE: Array<[string, string, string]> = [
  ['a space and !', 'bad host!', 'domain name "bad host!" invalid (label "bad host!" invalid)'],
  ['a URL', 'http://x.y/z', 'domain name "http://x.y/z" invalid (label "http://x" invalid)'],
  ['an empty label', 'a..b', 'domain name ".b" invalid (label "" invalid)'],
  ['a leading dash', '-x.com', 'domain name "-x.com" invalid (label "-x" invalid)'],
  ['a port', 'x.com:80', 'domain name "com:80" invalid (label "com:80" invalid)'],
  ['a wildcard inside', 'x.*.com', 'domain name "*.com" invalid (label "*" invalid)'],
  ['an empty host', '', 'empty domain name not allowed'],
  ['an all-digit last label', 'shop.123', 'domain name "123" invalid (top level domain "123" cannot be all-numeric)'],
  ['a label of 64 characters', `${'a'.repeat(64)}.example.com`, 'label "' + 'a'.repeat(64) + '" invalid'],
  ['a host of 256 characters', [...Array(4)].map(() => 'a'.repeat(63)).join('.') + '.ab', 'too long (max 255)'],
  ['a bracketed IPv6 address', '[::1]', 'label "[::1]" invalid'],
  ['an IPv4 address with a leading zero', '10.0.0.01', 'top level domain "01" cannot be all-numeric'],
];

describe('spec.service.hosts (Istio\'s ValidateVirtualService)', () => {
  it.each(REFUSED_ANYWHERE)('refuses %s with Istio\'s message, naming the entry, on mesh', (_what, host, message) => {
    expect(refusal(withHosts(['shop.example.com', host]))).toEqual({ field: 'spec.service.hosts[1]', message: expect.stringContaining(message) });
  });

  it.each(REFUSED_ANYWHERE)('refuses %s bound to a gateway only, too', (_what, host) => {
    expect(refusal(withHosts([host], ['istio-system/public']))).toMatchObject({ field: 'spec.service.hosts[0]' });
  });

  it.each([[undefined], [['mesh']], [[]], [['mesh', 'istio-system/public']]])('refuses * when the VirtualService serves the mesh (gateways %j)', (gateways) => {
    expect(refusal(withHosts(['shop.example.com', '*'], gateways))).toEqual({
      field: 'spec.service.hosts[1]',
      message: expect.stringContaining('wildcard host * is not allowed for virtual services bound to the mesh gateway'),
    });
  });

  it('refuses * bound to a gateway only: it duplicates the Service name Songbird writes first', () => {
    expect(refusal(withHosts(['*'], ['istio-system/public']))).toEqual({
      field: 'spec.service.hosts[0]',
      message: expect.stringContaining('duplicate hosts in virtual service: web & *'),
    });
  });

  it.each([
    ['the Service name', ['web'], 0, 'web & web'],
    ['a wildcard the Service name ends with', ['*eb'], 0, 'web & *eb'],
    ['a host listed twice', ['shop.example.com', 'shop.example.com'], 1, 'shop.example.com & shop.example.com'],
    ['a host under an earlier wildcard', ['*.example.com', 'shop.example.com'], 1, '*.example.com & shop.example.com'],
    ['a wildcard over an earlier host', ['a.shop.example.com', '*.example.com'], 1, 'a.shop.example.com & *.example.com'],
  ])('refuses %s as a duplicate host, naming the later entry', (_what, hosts, index, pair) => {
    expect(refusal(withHosts(hosts, ['istio-system/public']))).toEqual({
      field: `spec.service.hosts[${index}]`,
      message: expect.stringContaining(`duplicate hosts in virtual service: ${pair}`),
    });
  });

  it('takes the Service name from spec.service.name when set', () => {
    expect(refusal({ ...withHosts(['shop']), service: { name: 'shop', port: 8080, hosts: ['web', 'shop'] } })).toMatchObject({ field: 'spec.service.hosts[1]' });
  });

  it.each([
    ['a short name and the FQDN of the same Service (Istio compares strings)', ['web.shop.svc.cluster.local', 'web.shop']],
    ['hosts that differ in case only (Istio compares case-sensitively)', ['Shop.example.com', 'shop.example.com']],
    ['a wildcard and a host outside it', ['*.example.com', 'example.org']],
    ['an IPv4 address', ['10.0.0.1']],
    ['an IPv6 address', ['2001:db8::1']],
    ['an all-digit single label', ['123']],
    ['a trailing dot after an all-digit label', ['shop.123.']],
    ['a *- wildcard', ['*-shop.example.com']],
    ['upper case', ['SHOP.Example.COM']],
    ['a host of 255 characters', [[...Array(3)].map(() => 'a'.repeat(63)).join('.') + '.' + 'b'.repeat(63)]],
  ])('accepts %s, as Istio does', (_what, hosts) => {
    expect(refusal(withHosts(hosts))).toBe('ok');
  });

  it('accepts a wildcard domain bound to a gateway only (only * itself overlaps the Service name)', () => {
    expect(hostProblem('*')).toBeUndefined();
    expect(refusal(withHosts(['*.example.com'], ['istio-system/public']))).toBe('ok');
  });
});

describe('hostsOverlap (Istio\'s host.Name.Matches)', () => {
  it.each([
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', '*.a.example.com', true],
    ['*', 'web', true],
    ['web', 'web', true],
    ['web', 'web.shop', false],
    ['*.example.com', 'example.com', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(hostsOverlap(a, b)).toBe(expected);
    expect(hostsOverlap(b, a)).toBe(expected);
  });
});

describe('spec.service.hosts in the CRD', () => {
  it.each(REFUSED_ANYWHERE)('refuses %s at admission too (pattern, maxLength or CEL)', (_what, host) => {
    expect(crdAdmits(host)).toBe(false);
  });

  it.each(['web.shop.svc.cluster.local', '*.example.com', '*-shop.example.com', '10.0.0.1', '2001:db8::1', '123', 'shop.123.', 'SHOP.Example.COM'])(
    'admits %s, which Istio accepts',
    (host) => {
      expect(crdAdmits(host)).toBe(true);
    },
  );

  it('refuses a literal duplicate as a set, and a host equal to the Service name with a CEL rule', () => {
    const spec = crdOf();
    expect(spec.properties.service.properties.hosts['x-kubernetes-list-type']).toBe('set');
    expect(spec.properties.service.properties.hosts.maxItems).toBe(64);
    expect(spec['x-kubernetes-validations']).toContainEqual(expect.objectContaining({ fieldPath: '.service.hosts', message: expect.stringContaining('duplicates the Service name') }));
  });
});
