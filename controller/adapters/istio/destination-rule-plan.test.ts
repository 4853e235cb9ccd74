import { planDestinationRules } from './destination-rule-plan.js';
import type { DestinationRule } from './istio-resources.js';

const owner = { name: 'web', uid: 'uid-web' };
const input = { namespace: 'shop', serviceName: 'web', owner };

function rule(name: string, host: string, uid?: string): DestinationRule {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name, namespace: 'shop', resourceVersion: '7', ...(uid ? { ownerReferences: [{ apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', name: 'web', uid, controller: true }] } : {}) },
    spec: { host, trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } },
  };
}

describe('planDestinationRules', () => {
  it('creates owned rules for the primary, canary and internal hosts when there are none', () => {
    const plans = planDestinationRules({}, input);
    expect(plans.ok && plans.value.map((p) => [p.action, p.object.metadata.name, p.object.spec.host, p.object.metadata.ownerReferences?.[0]?.uid])).toEqual([
      ['create', 'web-primary', 'web-primary', 'uid-web'],
      ['create', 'web-canary', 'web-canary', 'uid-web'],
      ['create', 'web-internal', 'web-internal', 'uid-web'],
    ]);
  });

  it('changes nothing when its rules are in place, and keeps their other fields when a host changes', () => {
    const plans = planDestinationRules({ 'web-primary': rule('web-primary', 'web-primary', 'uid-web'), 'web-canary': rule('web-canary', 'old', 'uid-web'), 'web-internal': rule('web-internal', 'web-internal', 'uid-web') }, input);
    expect(plans.ok && plans.value.map((p) => p.action)).toEqual(['none', 'replace', 'none']);
    expect(plans.ok && plans.value[1]!.object.spec).toEqual({ host: 'web-canary', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } } });
  });

  it('refuses to touch a rule the Canary does not own, naming it', () => {
    const plans = planDestinationRules({ 'web-primary': rule('web-primary', 'web-primary') }, input);
    expect(!plans.ok && plans.error).toMatchObject({ code: 'notOwned', retryable: false });
    expect(!plans.ok && plans.error.message).toContain('DestinationRule shop/web-primary');
  });

  it('refuses a web-internal rule the Canary does not own, naming it', () => {
    const plans = planDestinationRules({ 'web-internal': rule('web-internal', 'web-internal') }, input);
    expect(!plans.ok && plans.error.message).toMatch(/^DestinationRule shop\/web-internal already exists and does not belong to Canary shop\/web/);
  });
});
