// The breaker's probes of issue 9's core: hostile status, odd observations and
// careless edits, each asserting what should happen.
import type { CanaryStatus } from '../schema/canary-status.js';
import type { Observations, VirtualServiceSummary } from './observations.js';
import { matchesEverything } from './route-conflicts.js';
import { at, notified, observe, ofType, progressingAt, run, scaleOf, specOf, T0, workload } from './step-fixtures.js';

const idleAt = (extra: Partial<CanaryStatus> = {}): CanaryStatus => ({ phase: 'Succeeded', replicas: 2, lastPromotedRevision: 'v1', ...extra });
const deleting = (over: Partial<Observations> = {}) => observe({ deleting: true, finalizer: true, ...over });
const released = (actions: { type: string; present?: boolean }[]) => actions.some((a) => a.type === 'setFinalizer' && a.present === false);
const vs = (over: Partial<VirtualServiceSummary>): VirtualServiceSummary => ({
  name: 'podinfo', namespace: 'shop', createdAt: T0.toISOString(), relation: 'owned', hosts: ['podinfo'], gateways: [],
  http: [{ name: 'songbird-internal' }, { name: 'songbird-default' }], ...over,
});

describe('breaker: removal', () => {
  it('hands back and releases when the Canary is deleted while Initializing (primary not yet available)', () => {
    const status: CanaryStatus = { phase: 'Initializing', replicas: 2 };
    const observed = deleting({ target: workload('v1', { replicas: 2 }), primary: workload('v1', { replicas: 2, available: false }) });
    const first = run(status, observed, at(0));
    expect(scaleOf(first.actions)).toBeUndefined(); // the serving target already has 2: nothing changes for it
    expect(first.actions.map((a) => a.type)).toContain('handBack');
    expect(released(run(first.status, observed, at(11)).actions)).toBe(true);
  });

  it('does nothing when the finalizer is already gone (deleted twice, or removed by hand)', () => {
    const next = run(idleAt({ phase: 'Terminating' }), observe({ deleting: true, finalizer: false }));
    expect(next.actions).toEqual([]);
  });

  it('hands back even while suspended, and a phase Terminating without deletion goes back to idle', () => {
    const frozen = run(idleAt({ phase: 'Terminating', handedBackAt: T0.toISOString() }), deleting({ target: workload('v1', { replicas: 2 }), primary: workload('v1') }), at(20), specOf({ suspend: true }));
    expect(released(frozen.actions)).toBe(true);
    const stray = run(idleAt({ phase: 'Terminating' }), observe({ finalizer: true, target: workload('v1', { replicas: 0 }), primary: workload('v1') }));
    expect(stray.actions.map((a) => a.type)).toContain('setRoutes');
    expect(released(stray.actions)).toBe(false);
  });

  it('scales a target whose Git replicas are 0 up to what the primary serves before handing back', () => {
    const next = run(idleAt(), deleting({ target: workload('v1', { replicas: 0, available: true }), primary: workload('v1', { replicas: 4 }) }));
    expect(scaleOf(next.actions)).toBe(4);
    expect(next.actions.map((a) => a.type)).not.toContain('handBack');
  });
});

describe('breaker: route conflicts', () => {
  it('sees wildcard and FQDN hosts of a foreign mesh VirtualService, but not a gateway-only one', () => {
    const status = progressingAt(1);
    for (const hosts of [['*'], ['*.shop.svc.cluster.local'], ['podinfo.shop.svc.cluster.local']]) {
      const next = run(status, observe({ target: workload('v2'), virtualServices: [vs({}), vs({ name: 'other', relation: 'foreign', hosts, gateways: ['mesh'] })] }), at(5));
      expect(next.status.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('RouteConflict');
    }
    const gatewayOnly = run(status, observe({ target: workload('v2'), virtualServices: [vs({}), vs({ name: 'other', relation: 'foreign', hosts: ['*'], gateways: ['istio-system/ingress'] })] }), at(5));
    expect(gatewayOnly.status.conditions?.find((c) => c.type === 'Ready')?.reason).not.toBe('RouteConflict');
  });

  it('sees match: [] and match: [{}] and a match with only a name as matching everything', () => {
    expect(matchesEverything({ match: [] })).toBe(true);
    expect(matchesEverything({ match: [{}] })).toBe(true);
    expect(matchesEverything({ match: [{ name: 'x' }] })).toBe(true);
  });

  it('sends one Slack halted message per stage, not per reconcile', () => {
    const conflicted = [vs({ http: [{ name: 'mine' }, { name: 'songbird-default' }] })];
    const first = run(progressingAt(1), observe({ target: workload('v2'), virtualServices: conflicted }), at(5));
    expect(notified(first.actions)).toEqual(['halted']);
    const again = run(first.status, observe({ target: workload('v2'), virtualServices: conflicted }), at(10));
    expect(notified(again.actions)).toEqual([]);
  });
});
