import type { VirtualServiceSummary } from './observations.js';
import { coversHost, matchesEverything } from './route-conflicts.js';
import { at, notified, observe, progressingAt, run, T0, workload } from './step-fixtures.js';

const vs = (over: Partial<VirtualServiceSummary>): VirtualServiceSummary => ({
  name: 'podinfo',
  namespace: 'shop',
  createdAt: T0.toISOString(),
  relation: 'owned',
  hosts: ['podinfo'],
  gateways: [],
  http: [{ name: 'songbird-internal' }, { name: 'songbird-default' }],
  ...over,
});
const readyOf = (status: { conditions?: Array<{ type: string; status: string; reason: string; message: string }> }) => status.conditions?.find((c) => c.type === 'Ready');

describe('route conflicts', () => {
  it('names the host forms Istio accepts for a Service of the namespace, and no other namespace', () => {
    for (const host of ['podinfo', 'podinfo.shop', 'podinfo.shop.svc', 'podinfo.shop.svc.cluster.local', '*', '*.shop.svc.cluster.local', '*.cluster.local']) {
      expect(coversHost(host, 'podinfo', 'shop')).toBe(true);
    }
    for (const host of ['podinfo.other', 'podinfo-canary', '*.other.svc.cluster.local', 'podinfo.example.com']) {
      expect(coversHost(host, 'podinfo', 'shop')).toBe(false);
    }
  });

  it('sees a route without match, with an empty match, uri prefix "/" (any case), an every-path regex or the Service port as matching everything', () => {
    expect(matchesEverything({ name: 'all' })).toBe(true);
    expect(matchesEverything({ match: [{}] })).toBe(true);
    expect(matchesEverything({ match: [{ uri: { prefix: '/' } }] })).toBe(true);
    expect(matchesEverything({ match: [{ uri: { prefix: '/api' } }] })).toBe(false);
    expect(matchesEverything({ match: [{ headers: { 'x-beta': { exact: '1' } } }] })).toBe(false);
    expect(matchesEverything({ match: [{ uri: { prefix: '/' }, ignoreUriCase: true }] })).toBe(true);
    expect(matchesEverything({ match: [{ uri: { regex: '.+' } }] })).toBe(true);
    expect(matchesEverything({ match: [{ port: 9898 }] }, 9898)).toBe(true);
    expect(matchesEverything({ match: [{ port: 8080 }] }, 9898)).toBe(false);
    expect(matchesEverything({ match: [{ uri: { prefix: '/' }, sourceLabels: { app: 'cart' } }] })).toBe(false);
  });

  it('holds a running stage with Ready=False RouteConflict, an Event and one Slack message when an older foreign VirtualService covers the host', () => {
    const foreign = vs({ name: 'podinfo-legacy', relation: 'foreign', hosts: ['podinfo.shop.svc.cluster.local'], http: [{ name: 'all' }] });
    const status = progressingAt(1, { stageStartedAt: T0.toISOString() });
    const next = run(status, observe({ target: workload('v2'), virtualServices: [vs({}), foreign] }), at(400));
    expect(next.status.phase).toBe('Progressing');
    expect(next.status.stageStartedAt).toBe(at(400).toISOString());
    expect(readyOf(next.status)).toMatchObject({ status: 'False', reason: 'RouteConflict' });
    expect(readyOf(next.status)?.message).toContain('VirtualService shop/podinfo-legacy');
    expect(next.actions.some((a) => a.type === 'recordEvent' && a.reason === 'RouteConflict')).toBe(true);
    expect(notified(next.actions)).toEqual(['halted']);
    const again = run(next.status, observe({ target: workload('v2'), virtualServices: [vs({}), foreign] }), at(410));
    expect(notified(again.actions)).toEqual([]);
  });

  it('names a foreign route without match placed before Songbird\'s routes in its own VirtualService', () => {
    const shadowed = vs({ http: [{ name: 'legacy-catch-all' }, { name: 'songbird-default' }] });
    const next = run(progressingAt(1), observe({ target: workload('v2'), virtualServices: [shadowed] }), at(5));
    expect(readyOf(next.status)?.message).toContain('route legacy-catch-all of VirtualService shop/podinfo');
  });

  it('accepts foreign routes with a match before Songbird\'s, and any route after them', () => {
    const fine = vs({ http: [{ name: 'api', match: [{ uri: { prefix: '/api' } }] }, { name: 'songbird-default' }, { name: 'after' }] });
    const next = run(progressingAt(1), observe({ target: workload('v2'), virtualServices: [fine] }), at(5));
    expect(readyOf(next.status)?.reason).toBe('Progressing');
  });

  it('does not start a rollout while a conflict stands, and says why once in Slack', () => {
    const foreign = vs({ name: 'old', relation: 'foreign', hosts: ['podinfo'] });
    const next = run({ phase: 'Succeeded', replicas: 2, lastPromotedRevision: 'v1' }, observe({ target: workload('v2', { replicas: 0 }), virtualServices: [foreign] }));
    expect(next.status.phase).toBe('Succeeded');
    expect(readyOf(next.status)?.message).toContain('revision v2 will not be rolled out until it is resolved');
    expect(notified(next.actions)).toEqual(['halted']);
    const again = run(next.status, observe({ target: workload('v2', { replicas: 0 }), virtualServices: [foreign] }), at(30));
    expect(notified(again.actions)).toEqual([]);
  });

  it('ignores a gateway-only foreign VirtualService and one for another host', () => {
    const others = [vs({ name: 'edge', relation: 'foreign', gateways: ['istio-system/public'] }), vs({ name: 'cart', relation: 'foreign', hosts: ['cart'] })];
    const next = run(progressingAt(1), observe({ target: workload('v2'), virtualServices: others }), at(5));
    expect(readyOf(next.status)?.reason).toBe('Progressing');
  });
});
