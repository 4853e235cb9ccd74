import type { Action } from './actions.js';
import { analysisOf, at, observe, passing, progressingAt, run, specOf, workload } from './step-fixtures.js';

// A controller killed after acting and before writing the status runs the same
// step again later, from the same status: whatever it names must come out the
// same, or the Event, the Slack message or the Sentry marker happens twice.
const named = (actions: Action[]) =>
  actions.flatMap((a) => (a.type === 'recordEvent' || a.type === 'notify' || a.type === 'sentryDeploy' ? [`${a.type} ${a.id}`] : []));
const sentry = { organization: 'acme', projects: [{ slug: 'podinfo', id: 42 }], tokenSecretRef: { name: 'sentry-token', key: 'token' } };

describe('ids survive a restart', () => {
  it('names the first reconcile of a rollout the same at any later time (Waiting Event, rolloutStarted, the canary Sentry marker)', () => {
    const idle = { phase: 'Succeeded' as const, lastPromotedRevision: 'v1', canaryRevision: 'v1', rolloutNumber: 3 };
    const spec = specOf({ sentry });
    const first = run(idle, observe(), at(0), spec);
    const again = run(idle, observe(), at(7), spec);
    expect(named(first.actions)).toEqual(named(again.actions));
    expect(named(first.actions)).toEqual(expect.arrayContaining([expect.stringMatching(/^sentryDeploy v2#4:deploy-canary$/), expect.stringMatching(/^recordEvent v2#4:Waiting:0$/), expect.stringMatching(/^notify v2#4:rolloutStarted$/)]));
    expect(first.status.rolloutNumber).toBe(4);
  });

  it('counts rollouts from 1 when the status has no count yet', () => {
    const started = run({ phase: 'Initialized', lastPromotedRevision: 'v1', canaryRevision: 'v1' }, observe());
    expect(started.status.rolloutNumber).toBe(1);
  });

  it('names a stage advance and an unmeasurable check from the status, not from the time of the reconcile', () => {
    const status = progressingAt(1, { rolloutNumber: 2, lastAnalysisAt: at(30).toISOString(), stageStartedAt: at(0).toISOString() });
    const broken = analysisOf([{ check: 'success-rate', kind: 'error', reason: 'Prometheus unreachable' }, passing[1]!]);
    const one = run(status, observe({ analysis: broken, target: workload('v2'), primary: workload('v1') }), at(200));
    const two = run(status, observe({ analysis: broken, target: workload('v2'), primary: workload('v1') }), at(230));
    expect(named(one.actions)).toEqual(named(two.actions));
    expect(named(one.actions).some((n) => n.includes(`unmeasurable:success-rate:${at(30).toISOString()}`))).toBe(true);
  });

  it('keeps the older <revision>@<rolloutStartedAt> ids for a rollout that began before rolloutNumber existed', () => {
    const legacy = progressingAt(1);
    const advanced = run(legacy, observe({ analysis: analysisOf(passing) }), at(120));
    expect(named(advanced.actions).every((n) => n.includes(`v2@${legacy.rolloutStartedAt}`))).toBe(true);
  });
});
