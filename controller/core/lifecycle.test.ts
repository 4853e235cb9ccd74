import type { CanaryStatus } from '../schema/canary-status.js';
import type { Observations } from './observations.js';
import { at, observe, ofType, progressingAt, routesOf, run, scaleOf, specOf, T0, workload } from './step-fixtures.js';

const idleAt = (extra: Partial<CanaryStatus> = {}): CanaryStatus => ({ phase: 'Succeeded', replicas: 2, lastPromotedRevision: 'v1', ...extra });
const types = (actions: { type: string }[]) => actions.map((a) => a.type);
const deleting = (over: Partial<Observations> = {}) => observe({ deleting: true, finalizer: true, ...over });

describe('step: the finalizer', () => {
  it('adds the finalizer before any other action when the Canary lacks it', () => {
    const next = run({}, observe({ finalizer: false, target: workload('v1'), primary: { exists: false, replicas: 0, available: false } }));
    expect(next.actions[0]).toEqual({ type: 'setFinalizer', present: true });
    expect(types(next.actions)).toContain('ensurePrimary');
  });

  it('adds nothing when the finalizer is already there', () => {
    const next = run(idleAt(), observe({ finalizer: true, target: workload('v1', { replicas: 0 }) }));
    expect(ofType(next.actions, 'setFinalizer')).toHaveLength(0);
  });
});

describe('step: removal hands the service back', () => {
  it('scales the target to what the primary serves and waits, leaving the routes alone, while the target is not available', () => {
    const next = run(idleAt(), deleting({ target: workload('v1', { replicas: 0, available: true }), primary: workload('v1', { replicas: 3 }) }));
    expect(next.status.phase).toBe('Terminating');
    expect(scaleOf(next.actions)).toBe(3);
    expect(types(next.actions)).not.toContain('handBack');
    expect(types(next.actions)).not.toContain('setRoutes');
    expect(ofType(next.actions, 'setFinalizer')).toHaveLength(0);
  });

  it('hands back once the target serves, and keeps the finalizer while the routes drain', () => {
    const next = run(idleAt({ phase: 'Terminating' }), deleting({ target: workload('v1', { replicas: 3 }), primary: workload('v1', { replicas: 3 }) }));
    expect(types(next.actions)).toContain('handBack');
    expect(ofType(next.actions, 'setFinalizer')).toHaveLength(0);
    expect(next.status.handedBackAt).toBe(T0.toISOString());
  });

  it('removes the finalizer after the drain (one interval, at most 10 s)', () => {
    const status = idleAt({ phase: 'Terminating', handedBackAt: T0.toISOString() });
    const observed = deleting({ target: workload('v1', { replicas: 3 }), primary: workload('v1', { replicas: 3 }) });
    expect(ofType(run(status, observed, at(9)).actions, 'setFinalizer')).toHaveLength(0);
    const done = run(status, observed, at(10));
    expect(ofType(done.actions, 'setFinalizer')).toEqual([{ type: 'setFinalizer', present: false }]);
    expect(types(done.actions).indexOf('handBack')).toBeLessThan(types(done.actions).indexOf('setFinalizer'));
  });

  it('hands a target with an HPA at least the HPA minimum and never scales it down', () => {
    const low = run(idleAt(), deleting({ autoscaler: { name: 'podinfo', minReplicas: 4, maxReplicas: 8 }, target: workload('v1', { replicas: 0 }), primary: workload('v1', { replicas: 2 }) }));
    expect(scaleOf(low.actions)).toBe(4);
    const high = run(idleAt(), deleting({ autoscaler: { name: 'podinfo', minReplicas: 2, maxReplicas: 8 }, target: workload('v1', { replicas: 6 }), primary: workload('v1', { replicas: 3 }) }));
    expect(ofType(high.actions, 'scaleCanary')).toHaveLength(0);
    expect(types(high.actions)).toContain('handBack');
  });

  it('releases at once when the target is gone (nothing to hand back to)', () => {
    const next = run(idleAt(), deleting({ target: { exists: false, replicas: 0, available: false } }));
    expect(ofType(next.actions, 'setFinalizer')).toEqual([{ type: 'setFinalizer', present: false }]);
    expect(types(next.actions)).not.toContain('scaleCanary');
  });

  it('hands back mid-rollout too, even when suspended', () => {
    const next = run(progressingAt(2), deleting({ target: workload('v2', { replicas: 2 }), primary: workload('v1', { replicas: 2 }) }), at(5), specOf({ suspend: true }));
    expect(types(next.actions)).toContain('handBack');
  });
});

describe('step: suspend freezes', () => {
  it('writes nothing at all: no routes, no scale, mid-rollout', () => {
    const next = run(progressingAt(1), observe({ target: workload('v2', { replicas: 0 }) }), at(60), specOf({ suspend: true }));
    expect(next.actions.filter((a) => a.type !== 'recordEvent')).toEqual([]);
    expect(next.status.phase).toBe('Progressing');
    expect(next.status.conditions?.find((c) => c.type === 'Ready')?.reason).toBe('Suspended');
  });
});

describe('step: a target deleted mid-rollout', () => {
  it('sends all traffic to the primary at once and fails the rollout naming the target', () => {
    const next = run(progressingAt(2), observe({ target: { exists: false, replicas: 0, available: false } }), at(5));
    expect(next.status.phase).toBe('Failed');
    expect(next.status.reason).toContain('podinfo was deleted mid-rollout');
    expect(routesOf(next.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
    expect(ofType(next.actions, 'scaleCanary')).toHaveLength(0);
  });

  it('keeps the reason it failed for while the target stays missing (Ready says the target is missing)', () => {
    const failed = run(progressingAt(2), observe({ target: { exists: false, replicas: 0, available: false } }), at(5));
    const later = run(failed.status, observe({ target: { exists: false, replicas: 0, available: false } }), at(40));
    expect(later.status.reason).toContain('was deleted mid-rollout');
    expect(later.status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'TargetNotFound' });
  });

  it('reverts a primary that a promotion had started to change', () => {
    const status = progressingAt(2, { phase: 'Promoting', lastTransitionTime: T0.toISOString() });
    const next = run(status, observe({ target: { exists: false, replicas: 0, available: false }, primary: workload('v2', { available: false }) }), at(5));
    expect(ofType(next.actions, 'revertPrimary')).toEqual([{ type: 'revertPrimary', revision: 'v1' }]);
  });
});

describe('step: replicas follow Git', () => {
  it('takes replicas set on the target while idle for the primary and scales the target back to zero', () => {
    const next = run(idleAt(), observe({ target: workload('v1', { replicas: 4 }), primary: workload('v1', { replicas: 2 }) }));
    expect(next.status.replicas).toBe(4);
    expect(ofType(next.actions, 'scalePrimary')).toEqual([{ type: 'scalePrimary', replicas: 4 }]);
    expect(scaleOf(next.actions)).toBe(0);
    expect(ofType(next.actions, 'recordEvent').some((e) => e.reason === 'ReplicasChanged')).toBe(true);
  });

  it('says the primary follows when Git changes the replicas between rollouts', () => {
    const next = run(idleAt(), observe({ target: workload('v1', { replicas: 4 }), primary: workload('v1', { replicas: 2 }) }));
    expect(ofType(next.actions, 'recordEvent').find((e) => e.reason === 'ReplicasChanged')?.message).toBe('podinfo asks for 4 replicas (was 2); the primary follows');
  });

  it('records no ReplicasChanged and scales nothing when the target runs the replicas Songbird keeps (a Failed canary draining)', () => {
    const failed = idleAt({ phase: 'Failed', canaryRevision: 'v2', failedRevision: 'v2', lastTransitionTime: T0.toISOString() });
    const next = run(failed, observe({ target: workload('v2', { replicas: 2 }), primary: workload('v1', { replicas: 2 }) }), at(1));
    expect(ofType(next.actions, 'recordEvent').filter((e) => e.reason === 'ReplicasChanged')).toEqual([]);
    expect(ofType(next.actions, 'scalePrimary')).toEqual([]);
    expect(next.status.replicas).toBe(2);
  });

  it('takes replicas changed mid-rollout for the canary and the primary', () => {
    const next = run(progressingAt(1), observe({ target: workload('v2', { replicas: 5 }) }), at(5));
    expect(next.status.replicas).toBe(5);
    expect(ofType(next.actions, 'scalePrimary')).toEqual([{ type: 'scalePrimary', replicas: 5 }]);
    expect(scaleOf(next.actions)).toBe(5);
  });

  it('starts a rollout with the replicas Git set together with the new revision', () => {
    const next = run(idleAt(), observe({ target: workload('v2', { replicas: 3 }), primary: workload('v1') }));
    expect(next.status).toMatchObject({ phase: 'Waiting', replicas: 3 });
    expect(scaleOf(next.actions)).toBe(3);
  });
});

describe('step: a target with a HorizontalPodAutoscaler', () => {
  const autoscaler = { name: 'podinfo', minReplicas: 3, maxReplicas: 6 };

  it('gives the primary an HPA of its own while idle, and removes it when the target has none', () => {
    const withHpa = run(idleAt(), observe({ autoscaler, target: workload('v1', { replicas: 0 }) }));
    expect(ofType(withHpa.actions, 'ensurePrimaryAutoscaler')).toEqual([{ type: 'ensurePrimaryAutoscaler', present: true }]);
    const without = run(idleAt(), observe({ target: workload('v1', { replicas: 0 }) }));
    expect(ofType(without.actions, 'ensurePrimaryAutoscaler')).toEqual([{ type: 'ensurePrimaryAutoscaler', present: false }]);
  });

  it('starts the canary at the HPA minimum, then leaves its replicas to the HPA', () => {
    const started = run(idleAt(), observe({ autoscaler, target: workload('v2', { replicas: 0 }) }));
    expect(scaleOf(started.actions)).toBe(3);
    const running = run(progressingAt(1), observe({ autoscaler, target: workload('v2', { replicas: 5 }) }), at(5));
    expect(ofType(running.actions, 'scaleCanary')).toHaveLength(0);
    expect(ofType(running.actions, 'scalePrimary')).toHaveLength(0);
  });

  it('never promotes the primary below its current replicas or the HPA minimum', () => {
    const status = progressingAt(2, { phase: 'Promoting', lastTransitionTime: T0.toISOString() });
    const busy = run(status, observe({ autoscaler, target: workload('v2'), primary: workload('v1', { replicas: 5 }) }), at(5));
    expect(ofType(busy.actions, 'ensurePrimary')[0]?.replicas).toBe(5);
    const quiet = run(status, observe({ autoscaler, target: workload('v2'), primary: workload('v1', { replicas: 1 }) }), at(5));
    expect(ofType(quiet.actions, 'ensurePrimary')[0]?.replicas).toBe(3);
  });
});

describe('step: a promotion that cannot complete', () => {
  it('reverts the primary to the last promoted revision and says so, past the deadline', () => {
    const status = progressingAt(2, { phase: 'Promoting', lastTransitionTime: T0.toISOString() });
    const next = run(status, observe({ target: workload('v2'), primary: workload('v2', { available: false }) }), at(301));
    expect(next.status.phase).toBe('Failed');
    expect(next.status.reason).toContain('reverted to the last promoted revision v1');
    const order = types(next.actions);
    expect(ofType(next.actions, 'revertPrimary')).toEqual([{ type: 'revertPrimary', revision: 'v1' }]);
    expect(order.indexOf('setRoutes')).toBeLessThan(order.indexOf('revertPrimary'));
    expect(order).not.toContain('scaleCanary');
  });

  it('keeps reverting while idle until the primary runs the last promoted revision', () => {
    const failed = idleAt({ phase: 'Failed', failedRevision: 'v2' });
    const next = run(failed, observe({ target: workload('v2', { replicas: 0 }), primary: workload('v2') }));
    expect(ofType(next.actions, 'revertPrimary')).toEqual([{ type: 'revertPrimary', revision: 'v1' }]);
    const settled = run(failed, observe({ target: workload('v2', { replicas: 0 }), primary: workload('v1') }));
    expect(ofType(settled.actions, 'revertPrimary')).toHaveLength(0);
  });
});

describe('step: an action that keeps failing', () => {
  const failure = { action: 'setRoutes', message: 'admission webhook denied the request', since: T0.toISOString() };

  it('holds within the deadline', () => {
    const next = run(progressingAt(0, { actionFailure: failure }), observe({ target: workload('v2') }), at(200));
    expect(next.status.phase).toBe('Progressing');
  });

  it('rolls back past progressDeadlineSeconds, with the failure in the reason', () => {
    const next = run(progressingAt(0, { actionFailure: failure }), observe({ target: workload('v2') }), at(301));
    expect(next.status.phase).toBe('Failed');
    expect(next.status.reason).toContain('setRoutes kept failing');
    expect(next.status.reason).toContain('admission webhook denied the request');
    expect(next.status.actionFailure).toBeUndefined();
  });

  it('rolls back a Waiting rollout too (the route write of its first stage is refused)', () => {
    const waiting = { ...progressingAt(0, { actionFailure: failure }), phase: 'Waiting' as const };
    expect(run(waiting, observe({ target: workload('v2') }), at(301)).status.phase).toBe('Failed');
  });
});

describe('step: hand-edited or stale status and spec', () => {
  const serving = deleting({ target: workload('v1', { replicas: 2 }), primary: workload('v1') });

  it('restarts the drain when handedBackAt is not a date or lies in the future, and still ends it', () => {
    for (const handedBackAt of ['yesterday', '2099-01-01T00:00:00Z']) {
      const first = run(idleAt({ phase: 'Terminating', handedBackAt }), serving, at(3600));
      expect(first.status.handedBackAt).toBe(at(3600).toISOString());
      expect(ofType(run(first.status, serving, at(3611)).actions, 'setFinalizer')).toEqual([{ type: 'setFinalizer', present: false }]);
    }
  });

  it('counts a failing action whose since is not a date as past the deadline', () => {
    const next = run(progressingAt(0, { actionFailure: { action: 'setRoutes', message: 'denied', since: 'not-a-date' } }), observe({ target: workload('v2') }), at(5));
    expect(next.status.phase).toBe('Failed');
  });

  it('goes on at the new last stage, afresh, when the spec lost stages mid-rollout (never promotes unanalysed, never throws)', () => {
    const shorter = specOf({ stages: { steps: [{ weight: 25 }] } });
    const progressing = run(progressingAt(2), observe({ target: workload('v2') }), at(5), shorter);
    expect(progressing.status).toMatchObject({ phase: 'Progressing', stageIndex: 0, stageName: 'weight-25', stageStartedAt: at(5).toISOString() });
    const waiting = run({ ...progressingAt(2), phase: 'Waiting' }, observe({ target: workload('v2') }), at(5), shorter);
    expect(waiting.status).toMatchObject({ phase: 'Progressing', stageIndex: 0 });
  });

  it('never scales a serving target down on removal, e.g. a Canary deleted before it took over', () => {
    const next = run({ phase: 'Initializing', replicas: 1 }, deleting({ target: workload('v1', { replicas: 3 }), primary: { exists: false, replicas: 0, available: false } }));
    expect(ofType(next.actions, 'scaleCanary')).toHaveLength(0);
    expect(ofType(next.actions, 'handBack')).toHaveLength(1);
  });

  it('leaves the primary at its replicas when nothing in Git changed (an HPA removed from the target leaves them as they are)', () => {
    const next = run(idleAt({ replicas: 2 }), observe({ target: workload('v1', { replicas: 0 }), primary: workload('v1', { replicas: 10 }) }));
    expect(ofType(next.actions, 'scalePrimary')).toHaveLength(0);
  });

  it('does not hand the service back to a target that runs the rolled-back revision, and says what to do', () => {
    const next = run(idleAt({ phase: 'Failed', failedRevision: 'v2' }), deleting({ target: workload('v2', { replicas: 0 }), primary: workload('v1') }));
    expect(next.status.phase).toBe('Terminating');
    expect(next.status.reason).toContain('runs revision v2, which was rolled back');
    expect(next.status.reason).toContain('songbird.dev/hand-back');
    expect(ofType(next.actions, 'handBack')).toHaveLength(0);
    expect(ofType(next.actions, 'scaleCanary')).toHaveLength(0);
  });
});
