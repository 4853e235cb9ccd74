import { parseCanarySpec } from './canary.js';
import { canaryCrd } from './crd.js';

const withGateways = (gateways: string[]) => ({ targetRef: { name: 'podinfo' }, service: { port: 9898, gateways } });

function gatewaysItemsOfCrd(): { pattern: string; maxLength: number; 'x-kubernetes-validations'?: Array<{ rule: string }> } {
  const spec = (canaryCrd() as any).spec.versions[0].schema.openAPIV3Schema.properties.spec;
  return spec.properties.service.properties.gateways.items;
}

// Each refused by istio.io/istio's validateGatewayNames at the pinned version.
const REFUSED: Array<[string, string]> = [
  ['a namespace of 64 characters', 'n'.repeat(64) + '/gw'],
  ['a name of 64 characters', 'istio-system/' + 'g'.repeat(64)],
  ['a 100-character name without a namespace', 'g'.repeat(100)],
  ['an FQDN with a label of 64 characters', `gw.${'n'.repeat(64)}`],
  ['an FQDN of 256 characters', ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(62), 'e'].join('.')],
  ['a name with a dot after the namespace', 'istio-system/gw.example'],
  ['a second slash', 'istio-system/a/b'],
  ['an empty name', 'istio-system/'],
  ['a label starting with a dash', 'istio-system/-gw'],
];

describe('spec.service.gateways (Istio\'s validateGatewayNames)', () => {
  it.each(REFUSED)('refuses %s, naming the entry', (_what, gateway) => {
    const parsed = parseCanarySpec(withGateways(['mesh', gateway]));
    expect(parsed).toMatchObject({ ok: false, error: { field: 'spec.service.gateways[1]' } });
  });

  it.each([['123'], ['gw.123']])('refuses %j, an FQDN whose last label is all digits', (gateway) => {
    const parsed = parseCanarySpec(withGateways([gateway]));
    expect(parsed).toMatchObject({ ok: false, error: { field: 'spec.service.gateways[0]', message: expect.stringContaining('all-digit') } });
  });

  it.each([
    ['mesh', 'mesh'],
    ['a name of 63 characters', 'istio-system/' + 'g'.repeat(63)],
    ['a namespace of 63 characters', 'n'.repeat(63) + '/gw'],
    ['an all-digit name after a namespace', 'istio-system/123'],
    ['a legacy FQDN', 'public-gateway.istio-system'],
    ['an FQDN with a trailing dot after digits', 'gw.123.'],
    ['an FQDN of 255 characters', ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(63)].join('.')],
  ])('accepts %s, as Istio does', (_what, gateway) => {
    expect(gateway.length).toBeLessThanOrEqual(255);
    expect(parseCanarySpec(withGateways([gateway])).ok).toBe(true);
  });

  it.each(REFUSED)('refuses %s at admission too: the CRD pattern does not match it', (_what, gateway) => {
    const items = gatewaysItemsOfCrd();
    const admitted = gateway.length <= items.maxLength && new RegExp(items.pattern).test(gateway);
    expect(admitted).toBe(false);
  });

  it('lets the CRD pattern admit the names Istio accepts, and refuses all-digit last labels with a CEL rule', () => {
    const items = gatewaysItemsOfCrd();
    expect(['mesh', 'istio-system/' + 'g'.repeat(63), 'gw.123.'].every((g) => new RegExp(items.pattern).test(g))).toBe(true);
    expect(items.maxLength).toBe(255);
    expect(items['x-kubernetes-validations']).toEqual([expect.objectContaining({ rule: "!self.matches('(^|[.])[0-9]+$')" })]);
  });
});
