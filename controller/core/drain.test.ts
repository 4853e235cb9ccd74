// The canary keeps its pods until routes have led to the primary for the drain period
// (one interval, at most 10 s) since the transition that moved them: a mesh or kube-proxy
// learns a new route or Service selector later than pods vanish (design-11 A).
import type { CanaryStatus } from '../schema/canary-status.js';
import type { Measurement } from './observations.js';
import { nextReconcileDelayMs } from './analysis-plan.js';
import { analysisOf, at, observe, ofType, passing, progressingAt, routesOf, run, scaleOf, specOf, T0, workload } from './step-fixtures.js';

const serving = () => observe({ target: workload('v1'), primary: workload('v1') });

describe('drain: initialising adopts the service before the target is scaled to zero', () => {
  const initialized = run({ phase: 'Initializing', replicas: 2 }, serving()).status;

  it('Initializing -> Initialized moves routes but does not scale the target to zero in the same step', () => {
    const next = run({ phase: 'Initializing', replicas: 2 }, serving());
    expect(next.status.phase).toBe('Initialized');
    expect(routesOf(next.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
    expect(ofType(next.actions, 'scaleCanary')).toHaveLength(0);
    expect(next.status.reason).toContain('draining');
    expect(ofType(next.actions, 'recordEvent')[0]?.message).not.toContain('draining');
  });

  it('keeps the target at its replicas, saying it drains, until drainMs (10 s for a 30 s interval) have passed', () => {
    const early = run(initialized, serving(), new Date(T0.getTime() + 9_999));
    expect(early.status.phase).toBe('Initialized');
    expect(ofType(early.actions, 'scaleCanary')).toHaveLength(0);
    expect(routesOf(early.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
    expect(early.status.reason).toContain('once all traffic has gone to podinfo-primary for 10s');
  });

  it('scales the target to zero only after drainMs, and the reason no longer says it drains', () => {
    const drained = run(initialized, serving(), at(10));
    expect(drained.status.phase).toBe('Initialized');
    expect(scaleOf(drained.actions)).toBe(0);
    expect(drained.status.reason).toBe('podinfo-primary serves revision v1; all traffic goes to the primary');
  });

  it('drains for one interval when the interval is shorter than 10 s', () => {
    const spec = specOf({ analysis: { ...specOf().analysis, interval: '4s' } });
    const moved = run({ phase: 'Initializing', replicas: 2 }, serving(), at(0), spec).status;
    expect(scaleOf(run(moved, serving(), new Date(T0.getTime() + 3_999), spec).actions)).toBeUndefined();
    expect(scaleOf(run(moved, serving(), at(4), spec).actions)).toBe(0);
  });

  it('does not say it drains when the target has no pods to keep', () => {
    const next = run({ phase: 'Initializing', replicas: 2 }, observe({ target: workload('v1', { replicas: 0 }), primary: workload('v1') }));
    expect(next.status.reason).not.toContain('draining');
  });

  it('never holds the target for a lastTransitionTime far in the future (a hand edit)', () => {
    const edited: CanaryStatus = { ...initialized, lastTransitionTime: at(3600).toISOString() };
    expect(scaleOf(run(edited, serving(), at(1)).actions)).toBe(0);
  });

  it('wakes the runtime at the drain\'s end when lastTransitionTime is a few seconds ahead (written by a replica whose clock runs ahead)', () => {
    const before = new Date(T0.getTime() - 3_000);
    expect(scaleOf(run(initialized, serving(), before).actions)).toBeUndefined();
    expect(nextReconcileDelayMs(specOf(), initialized, before)).toBe(13_000);
  });

  it('wakes the runtime when the drain ends, not 30 s later', () => {
    expect(nextReconcileDelayMs(specOf(), initialized, at(3))).toBe(7_000);
    expect(nextReconcileDelayMs(specOf(), initialized, at(10))).toBeUndefined();
  });
});

describe('drain: promotion returns traffic to the primary before the canary is scaled to zero', () => {
  const promoting: CanaryStatus = { ...progressingAt(2), phase: 'Promoting', lastTransitionTime: T0.toISOString() };
  const promoted = () => observe({ primary: workload('v2'), target: workload('v2') });
  const finalising = run(promoting, promoted(), at(100)).status;

  it('Promoting -> Finalising moves routes but does not scale the canary to zero in the same step', () => {
    const next = run(promoting, promoted(), at(100));
    expect(next.status.phase).toBe('Finalising');
    expect(routesOf(next.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
    expect(ofType(next.actions, 'scaleCanary')).toHaveLength(0);
  });

  it('Finalising keeps the canary, saying it drains, until drainMs have passed since the transition', () => {
    const early = run(finalising, promoted(), new Date(at(100).getTime() + 9_999));
    expect(early.status.phase).toBe('Finalising');
    expect(ofType(early.actions, 'scaleCanary')).toHaveLength(0);
    expect(routesOf(early.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
    expect(early.status.reason).toContain('draining for 10s before the canary is scaled to zero');
    expect(nextReconcileDelayMs(specOf(), finalising, new Date(at(100).getTime() + 9_500))).toBe(500);
  });

  it('scales the canary to zero after drainMs, then succeeds once it has no pods', () => {
    const drained = run(finalising, promoted(), at(110));
    expect(drained.status.phase).toBe('Finalising');
    expect(scaleOf(drained.actions)).toBe(0);
    const done = run(drained.status, observe({ primary: workload('v2'), target: workload('v2', { replicas: 0 }) }), at(111));
    expect(done.status.phase).toBe('Succeeded');
  });
});

describe('drain: a rollback takes traffic off the canary before it is scaled to zero', () => {
  const failing = [{ ...passing[0]!, value: 90 } as Measurement, passing[1]!];
  const rolledBack = run(progressingAt(1, { failedChecks: 1 }), observe({ analysis: analysisOf(failing) }), at(30));

  it('Progressing -> Failed moves routes to the primary but does not scale the canary in the same step', () => {
    expect(rolledBack.status.phase).toBe('Failed');
    expect(routesOf(rolledBack.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
    expect(ofType(rolledBack.actions, 'scaleCanary')).toHaveLength(0);
  });

  it('Failed keeps the canary until drainMs, then scales it to zero and keeps only why it failed as the reason', () => {
    const early = run(rolledBack.status, observe(), at(39));
    expect(ofType(early.actions, 'scaleCanary')).toHaveLength(0);
    expect(early.status.reason).toContain('draining');
    const drained = run(rolledBack.status, observe(), at(40));
    expect(scaleOf(drained.actions)).toBe(0);
    expect(drained.status.reason).toMatch(/^rolled back revision v2: success-rate: .*threshold of 2; reach not measured \(no analysis counted the canary's requests\)$/);
  });
});
