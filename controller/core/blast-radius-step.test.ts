// The blast radius through whole steps: recorded at each analysis, said at the
// end of every rollback and promotion (status.reason, the Event, the
// notification), measured once more after a promotion's drain.
import type { CanaryStatus } from '../schema/canary-status.js';
import { analysisDue } from './analysis-plan.js';
import type { Analysis, BlastRadiusReading, Measurement } from './observations.js';
import { ANNOTATIONS } from './step.js';
import { analysisOf, at, observe, ofType, passing, progressingAt, run, specOf, T0, workload } from './step-fixtures.js';

const failing: Measurement[] = [{ check: 'success-rate', kind: 'value', value: 80 }, passing[1]!];
const counts = (internal: [number, number], customers: [number | undefined, number]): BlastRadiusReading => ({
  ok: true,
  internal: { requests: internal[0], errors: internal[1] },
  customers: { requests: customers[0], errors: customers[1] },
});
const measuring = (measurements: Measurement[], blastRadius: BlastRadiusReading): Analysis => ({ ...analysisOf(measurements), blastRadius });
const rolledBackNotice = (actions: ReturnType<typeof run>['actions']) => ofType(actions, 'notify').find((a) => a.notification.kind === 'rolledBack')!.notification;

describe('blast radius: a rollback in the internal stage', () => {
  const before = progressingAt(0, { failedChecks: 1 });
  const next = run(before, observe({ analysis: measuring(failing, counts([213.7, 30.8], [undefined, 0])) }), at(30));

  it('records the rounded counts in status.blastRadius', () => {
    expect(next.status.blastRadius).toEqual({ internal: { requests: 214, errors: 31 }, customers: { requests: 0, errors: 0 }, measuredAt: at(30).toISOString() });
  });

  it('ends the Warning Event, the notification and the reason (drain note aside) with "reached 0 customers"', () => {
    const sentence = 'reached 0 customers (214 internal requests, 31 errors)';
    expect(next.status.phase).toBe('Failed');
    const event = ofType(next.actions, 'recordEvent').find((e) => e.reason === 'Failed')!;
    expect(event.eventType).toBe('Warning');
    expect(event.message.endsWith(sentence)).toBe(true);
    const notice = rolledBackNotice(next.actions);
    expect(notice.kind === 'rolledBack' && notice.reason.endsWith(sentence)).toBe(true);
    expect(notice.kind === 'rolledBack' && notice.reach).toMatchObject({ atLeast: false, customers: { requests: 0 } });
    expect(next.status.reason).toContain(`; ${sentence}; draining: `);
  });

  it('says "at least" when the rollback comes without an analysis (an abort), from the last measured value', () => {
    const measured = { ...before, blastRadius: { internal: { requests: 40, errors: 2 }, customers: { requests: 0, errors: 0 }, measuredAt: T0.toISOString() } };
    const aborted = run(measured, observe({ annotations: { [ANNOTATIONS.abort]: 'v2' } }), at(10));
    expect(aborted.status.phase).toBe('Failed');
    expect(ofType(aborted.actions, 'recordEvent').find((e) => e.reason === 'Failed')!.message)
      .toBe(`rolled back revision v2: aborted by request (${ANNOTATIONS.abort}); reached at least 0 customers (40 internal requests, 2 errors)`);
  });

  it('keeps the last value and says "at least" when the blast radius query failed at the rollback', () => {
    const measured = { ...before, blastRadius: { internal: { requests: 40, errors: 2 }, customers: { requests: 0, errors: 0 }, measuredAt: T0.toISOString() } };
    const failed = run(measured, observe({ analysis: measuring(failing, { ok: false, reason: 'prometheus: timeout' }) }), at(30));
    expect(failed.status.blastRadius).toEqual(measured.blastRadius);
    expect(failed.status.reason).toContain('; reached at least 0 customers (40 internal requests, 2 errors)');
  });
});

describe('blast radius: a promotion', () => {
  const promoting: CanaryStatus = { ...progressingAt(2), phase: 'Promoting', lastTransitionTime: T0.toISOString() };
  const promoted = (replicas = 2) => observe({ primary: workload('v2'), target: workload('v2', { replicas }) });
  const lastAnalysis = { internal: { requests: 300, errors: 1 }, customers: { requests: 900, errors: 2 }, measuredAt: T0.toISOString() };
  const finalising = run({ ...promoting, blastRadius: lastAnalysis }, promoted(), at(100)).status;

  it('is measured once after the routes drained in Finalising, and not again', () => {
    expect(analysisDue(specOf(), finalising, at(105))).toBe(false);
    expect(analysisDue(specOf(), finalising, at(110))).toBe(true);
    const measured = run(finalising, observe({ ...promoted(), analysis: measuring([], counts([320, 1], [1250.2, 3])) }), at(110)).status;
    expect(analysisDue(specOf(), measured, at(111))).toBe(false);
  });

  it('gives both counts, exactly, when measured after the drain', () => {
    const measured = run(finalising, observe({ ...promoted(), analysis: measuring([], counts([320, 1], [1250.2, 3])) }), at(110)).status;
    const done = run(measured, promoted(0), at(111));
    expect(done.status.phase).toBe('Succeeded');
    expect(done.status.reason).toBe('revision v2 promoted: podinfo-primary serves all traffic and the canary is scaled to zero; reached 1,250 customer requests with 3 errors (320 internal requests, 1 error)');
    const notice = ofType(done.actions, 'notify').find((a) => a.notification.kind === 'promoted')!.notification;
    expect(notice.kind === 'promoted' && notice.reach).toMatchObject({ atLeast: false, internal: { requests: 320 }, customers: { requests: 1250 } });
  });

  it('says "at least" from the last analysis when the final measurement is missing', () => {
    const done = run(finalising, promoted(0), at(111));
    expect(done.status.reason).toContain('; reached at least 900 customer requests with 2 errors (300 internal requests, 1 error)');
  });
});

describe('timeline and history', () => {
  const initialized: CanaryStatus = { phase: 'Initialized', replicas: 2, lastPromotedRevision: 'v1', rolloutNumber: 1, timeline: [{ at: 'old', phase: 'Succeeded', canaryWeight: 0, internalToCanary: false, checks: [] }] };

  it('starts an empty timeline with the rollout, then adds a point at each analysis and stage change', () => {
    const waiting = run(initialized, observe({ target: workload('v2', { replicas: 0, available: false }) })).status;
    expect(waiting.timeline?.map((p) => p.phase)).toEqual(['Waiting']);
    const progressing = run(waiting, observe(), at(5)).status;
    expect(progressing.timeline?.map((p) => [p.phase, p.stage])).toEqual([['Waiting', 'internal'], ['Progressing', 'internal']]);
    const held = run(progressing, observe({ analysis: measuring(passing, counts([10, 0], [0, 0])) }), at(40)).status;
    const last = held.timeline!.at(-1)!;
    expect(held.timeline).toHaveLength(3);
    expect(last.checks.map((c) => c.name)).toEqual(['success-rate', 'latency']);
    expect(last.blastRadius?.internal.requests).toBe(10);
  });

  it('prepends a record when a rollout fails, with its reason and blast radius, once', () => {
    const before = progressingAt(0, { failedChecks: 1, rolloutNumber: 3, history: [{ number: 2, revision: 'v1', result: 'promoted', startedAt: 'a', finishedAt: 'b', reason: 'ok' }] });
    const failed = run(before, observe({ analysis: measuring(failing, counts([214, 31], [0, 0])) }), at(30)).status;
    expect(failed.history?.map((h) => [h.number, h.result])).toEqual([[3, 'rolledBack'], [2, 'promoted']]);
    expect(failed.history?.[0]).toMatchObject({ revision: 'v2', startedAt: T0.toISOString(), finishedAt: at(30).toISOString(), blastRadius: { internal: { requests: 214, errors: 31 } } });
    expect(failed.history?.[0]?.reason).toMatch(/reached 0 customers \(214 internal requests, 31 errors\)$/);
    const drained = run(failed, observe(), at(60)).status;
    expect(drained.history).toHaveLength(2);
  });
});

describe('retry (songbird.dev/retry) through step', () => {
  const failed: CanaryStatus = { phase: 'Failed', replicas: 2, lastPromotedRevision: 'v1', canaryRevision: 'v2', failedRevision: 'v2', rolloutNumber: 4, lastTransitionTime: T0.toISOString() };
  const retry = (value: string) => observe({ annotations: { [ANNOTATIONS.retry]: value } });

  it('starts a new rollout of the failed revision when the annotation names the failed rollout', () => {
    const next = run(failed, retry('v2#4'), at(60));
    expect(next.status).toMatchObject({ phase: 'Waiting', canaryRevision: 'v2', rolloutNumber: 5, failedRevision: undefined, timeline: [expect.objectContaining({ phase: 'Waiting' })] });
    expect(ofType(next.actions, 'recordEvent').find((e) => e.reason === 'Waiting')?.message).toContain('retry of revision v2 (rollout v2#4) requested (songbird.dev/retry)');
  });

  it('does not retry again, with the bare revision left in place, once the retry failed too', () => {
    const first = run(failed, retry('v2'), at(60)).status;
    expect(first.phase).toBe('Waiting');
    const failedAgain: CanaryStatus = {
      ...first,
      phase: 'Failed',
      failedRevision: 'v2',
      history: [
        { number: 5, revision: 'v2', result: 'rolledBack', startedAt: 'a', finishedAt: 'b', reason: 'r' },
        { number: 4, revision: 'v2', result: 'rolledBack', startedAt: 'a', finishedAt: 'b', reason: 'r' },
      ],
    };
    expect(run(failedAgain, retry('v2'), at(120)).status.phase).toBe('Failed');
    expect(run(failedAgain, retry('v2#5'), at(120)).status.phase).toBe('Waiting');
  });
});
