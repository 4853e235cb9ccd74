import type { CanaryStatus } from '../schema/canary-status.js';
import type { Measurement } from './observations.js';
import { ANNOTATIONS } from './step.js';
import { invalidSpec } from './transition.js';
import { analysisOf, at, notified, observe, ofType, passing, progressingAt, routesOf, run, scaleOf, specOf, T0, workload } from './step-fixtures.js';

describe('step: initialising', () => {
  it('creates the primary from the target but moves no route to it until it is available', () => {
    const next = run({}, observe({ target: workload('v1'), primary: { exists: false, replicas: 0, available: false } }));
    expect(next.status.phase).toBe('Initializing');
    expect(ofType(next.actions, 'ensurePrimary')[0]).toMatchObject({ revision: 'v1', replicas: 2 });
    expect(routesOf(next.actions)).toBeUndefined();
  });

  it('routes everything to the primary once it is available, leaving the target its pods while the routes drain', () => {
    const next = run({ phase: 'Initializing', replicas: 2 }, observe({ target: workload('v1'), primary: workload('v1') }));
    expect(routesOf(next.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
    expect(scaleOf(next.actions)).toBeUndefined();
  });

  it('becomes Initialized once the primary is available, and scales the target to zero after the drain', () => {
    const next = run({ phase: 'Initializing', replicas: 2 }, observe({ target: workload('v1'), primary: workload('v1') }));
    expect(next.status).toMatchObject({ phase: 'Initialized', lastPromotedRevision: 'v1' });
    expect(next.status.conditions?.find((c) => c.type === 'Promoted')?.status).toBe('True');
    const drained = run(next.status, observe({ target: workload('v1'), primary: workload('v1') }), at(10));
    expect(scaleOf(drained.actions)).toBe(0);
  });

  it('reports a missing target as Ready=False without crashing', () => {
    const next = run({}, observe({ target: { exists: false, replicas: 0, available: false } }));
    expect(next.status.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'TargetNotFound' });
    expect(ofType(next.actions, 'ensurePrimary')).toHaveLength(0);
  });
});

describe('step: starting a rollout', () => {
  const initialized: CanaryStatus = { phase: 'Initialized', replicas: 2, lastPromotedRevision: 'v1' };

  it('waits for the canary pods with all traffic on the primary when a new revision appears', () => {
    const next = run(initialized, observe({ target: workload('v2', { replicas: 0, available: false }) }));
    expect(next.status).toMatchObject({ phase: 'Waiting', canaryRevision: 'v2', stageIndex: 0, failedChecks: 0 });
    expect(scaleOf(next.actions)).toBe(2);
    expect(routesOf(next.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
    expect(notified(next.actions)).toEqual(['rolloutStarted']);
  });

  it('sends only internal users to the canary once it is available', () => {
    const waiting = run(initialized, observe({ target: workload('v2', { replicas: 0, available: false }) })).status;
    const next = run(waiting, observe(), at(5));
    expect(next.status).toMatchObject({ phase: 'Progressing', stageName: 'internal', internalToCanary: true, canaryWeight: 0 });
    expect(routesOf(next.actions)).toEqual({ internalToCanary: true, canaryWeight: 0 });
  });

  it('does not retry a revision that was rolled back', () => {
    const failed: CanaryStatus = { ...initialized, phase: 'Failed', failedRevision: 'v2' };
    const next = run(failed, observe());
    expect(next.status.phase).toBe('Failed');
    expect(scaleOf(next.actions)).toBe(0);
  });

  it('promotes at once when skipAnalysis is set', () => {
    const next = run(initialized, observe(), at(0), specOf({ skipAnalysis: true }));
    expect(next.status.phase).toBe('Promoting');
  });
});

describe('step: analysis', () => {
  it('holds the stage without analysing before the interval has passed', () => {
    const next = run(progressingAt(0), observe(), at(10));
    expect(next.status.phase).toBe('Progressing');
    expect(next.status.stageIndex).toBe(0);
    expect(routesOf(next.actions)).toEqual({ internalToCanary: true, canaryWeight: 0 });
  });

  it('advances from the internal stage when checks pass, the minimum duration passed and enough internal requests arrived', () => {
    const next = run(progressingAt(0), observe({ analysis: analysisOf(passing, 25) }), at(60));
    expect(next.status).toMatchObject({ stageIndex: 1, stageName: 'weight-10', canaryWeight: 10, internalToCanary: true });
    expect(routesOf(next.actions)).toEqual({ internalToCanary: true, canaryWeight: 10 });
    expect(notified(next.actions)).toEqual(['stageAdvanced']);
  });

  it.each([
    ['the minimum duration has not passed', 30, 25],
    ['too few internal requests arrived', 60, 5],
  ])('holds the internal stage when %s', (_why, seconds, requests) => {
    const next = run(progressingAt(0), observe({ analysis: analysisOf(passing, requests) }), at(seconds));
    expect(next.status.stageIndex).toBe(0);
    expect(next.status.lastAnalysisAt).toBe(at(seconds).toISOString());
  });

  it('counts a failed check and keeps the stage when below the threshold', () => {
    const failing = [{ ...passing[0]!, value: 90 } as Measurement, passing[1]!];
    const next = run(progressingAt(1), observe({ analysis: analysisOf(failing) }), at(30));
    expect(next.status).toMatchObject({ phase: 'Progressing', failedChecks: 1, stageIndex: 1 });
  });

  it('rolls back at once at the threshold, naming the check, its value and its limit', () => {
    const failing = [{ ...passing[0]!, value: 90 } as Measurement, passing[1]!];
    const next = run(progressingAt(1, { failedChecks: 1 }), observe({ analysis: analysisOf(failing) }), at(30));
    expect(next.status.phase).toBe('Failed');
    expect(next.status.reason).toContain('success-rate: success rate 90 % (limit ≥ 99 %)');
    expect(routesOf(next.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
    expect(scaleOf(next.actions)).toBeUndefined();
    expect(notified(next.actions)).toEqual(['rolledBack']);
    expect(next.status.failedRevision).toBe('v2');
  });

  it.each([
    ['an error', { check: 'success-rate', kind: 'error', reason: 'Prometheus unreachable' } as Measurement],
    ['NaN', { check: 'success-rate', kind: 'value', value: Number.NaN } as Measurement],
    ['a missing measurement', undefined],
  ])('never counts %s as a pass', (_what, measurement) => {
    const measurements = [measurement, passing[1]!].filter((m): m is Measurement => m !== undefined);
    const next = run(progressingAt(1), observe({ analysis: analysisOf(measurements) }), at(30));
    expect(next.status.failedChecks).toBe(1);
    expect(next.status.checks?.[0]?.outcome).toBe('error');
    expect(next.status.conditions?.find((c) => c.type === 'ChecksMeasurable')).toMatchObject({ status: 'False', reason: 'CheckUnmeasurable' });
    expect(ofType(next.actions, 'recordEvent').some((e) => e.reason === 'CheckUnmeasurable' && e.eventType === 'Warning')).toBe(true);
    expect(next.status.stageIndex).toBe(1);
  });

  it('holds the stage when no traffic reached the canary, and fails past the deadline saying so', () => {
    const noData: Measurement[] = passing.map((m) => ({ check: m.check, kind: 'noData', reason: 'no requests reached the canary' }));
    const held = run(progressingAt(1), observe({ analysis: analysisOf(noData, 0) }), at(30));
    expect(held.status).toMatchObject({ phase: 'Progressing', failedChecks: 0, stageIndex: 1 });
    const starving = run(progressingAt(1), observe({ analysis: analysisOf(noData, 0) }), at(70));
    expect(ofType(starving.actions, 'notify').map((a) => a.notification)).toEqual([expect.objectContaining({ kind: 'halted', state: 'waiting' })]);
    expect(notified(run(starving.status, observe({ analysis: analysisOf(noData, 0) }), at(80)).actions)).toEqual([]);
    const expired = run(progressingAt(1), observe({ analysis: analysisOf(noData, 0) }), at(30 + 301));
    expect(expired.status.phase).toBe('Failed');
    expect(expired.status.reason).toContain('no traffic reached the canary');
  });

  describe('a check that returns no data while the canary served requests', () => {
    const spec = specOf({ analysis: { interval: '30s', threshold: 2, checks: [{ name: 'queue', type: 'promql', query: 'sum(x)', max: 5 }] } });
    const misspelt: Measurement[] = [{ check: 'queue', kind: 'query', query: 'sum(increase(http_requets_total{namespace="shop"}[30s]))', value: undefined }];
    const observed = observe({ analysis: analysisOf(misspelt, 308) });

    it('holds naming the check and its query, not traffic', () => {
      const held = run(progressingAt(1), observed, at(30), spec);
      expect(held.status).toMatchObject({ phase: 'Progressing', failedChecks: 0 });
      expect(held.status.reason).toContain('queue: the query `sum(increase(http_requets_total{namespace="shop"}[30s]))` returned no data (the canary served 308 requests in this stage)');
      expect(held.status.reason).not.toMatch(/no traffic/);
    });

    it('tells Slack which check returned nothing, and that its query is what to fix', () => {
      const notice = ofType(run(progressingAt(1), observed, at(70), spec).actions, 'notify')[0]?.notification;
      expect(notice).toMatchObject({ kind: 'halted', state: 'waiting' });
      expect(JSON.stringify(notice)).toContain('queue: the query `sum(increase(http_requets_total');
      expect(notice && 'unblock' in notice ? notice.unblock : '').toMatch(/queries/);
      expect(JSON.stringify(notice)).not.toMatch(/no traffic|traffic must reach/);
    });

    it('rolls back past the deadline naming the check and its query in the reason, the Event and Slack', () => {
      const expired = run(progressingAt(1), observed, at(30 + 301), spec);
      expect(expired.status.phase).toBe('Failed');
      const event = ofType(expired.actions, 'recordEvent').find((e) => e.reason === 'Failed')!;
      const slack = ofType(expired.actions, 'notify')[0]!.notification;
      for (const reason of [expired.status.reason, event.message, 'reason' in slack ? slack.reason : '']) {
        expect(reason).toContain('queue: the query `sum(increase(http_requets_total{namespace="shop"}[30s]))` returned no data');
        expect(reason).not.toMatch(/no traffic/);
      }
    });
  });

  it('does not say "no traffic" when the canary\'s requests could not be counted', () => {
    const next = run(progressingAt(0), observe({ analysis: { ...analysisOf(passing, 0), stageRequestsError: 'Prometheus answered HTTP 503' } }), at(60));
    expect(next.status.reason).toContain("the canary's requests could not be counted: Prometheus answered HTTP 503");
    expect(next.status.reason).not.toMatch(/no traffic/);
  });

  it('says "not enough traffic", not "no traffic", when some requests arrived but fewer than the stage needs', () => {
    const next = run(progressingAt(0), observe({ analysis: analysisOf(passing, 5) }), at(60));
    expect(next.status.reason).toContain('not enough traffic yet: 5 of 20 requests');
  });

  it('promotes after the last stage passes', () => {
    const next = run(progressingAt(2), observe({ analysis: analysisOf(passing) }), at(30));
    expect(next.status.phase).toBe('Promoting');
  });
});

describe('step: comparison checks', () => {
  const spec = specOf({ analysis: { interval: '30s', threshold: 1, checks: [{ name: 'errors-vs-primary', type: 'comparison', minRequests: 100 }] } });
  const counts = (canaryErrors: number, canaryRequests: number) => ({
    check: 'errors-vs-primary',
    kind: 'counts' as const,
    unit: 'errors',
    counts: { canary: { events: canaryErrors, trials: canaryRequests }, primary: { events: 100, trials: 10_000 } },
  });

  it('rolls back a canary with five times the primary error rate', () => {
    const next = run(progressingAt(1), observe({ analysis: analysisOf([counts(50, 1000)]) }), at(30), spec);
    expect(next.status.phase).toBe('Failed');
    expect(next.status.reason).toContain('errors-vs-primary');
  });

  it('holds, never passes, while there is not enough evidence', () => {
    const next = run(progressingAt(1), observe({ analysis: analysisOf([counts(0, 20)]) }), at(30), spec);
    expect(next.status.checks?.[0]?.outcome).toBe('insufficient');
    expect(next.status.stageIndex).toBe(1);
    expect(next.status.reason).toContain('not enough traffic to judge');
  });

  it('keeps the counts of a finished stage and adds them to the evidence of the next', () => {
    const advanced = run(progressingAt(1), observe({ analysis: analysisOf([counts(10, 1000)]) }), at(30), spec);
    expect(advanced.status.comparisons).toEqual([{ check: 'errors-vs-primary', stages: [counts(10, 1000).counts] }]);
    const next = run({ ...advanced.status, stageStartedAt: at(30).toISOString() }, observe({ analysis: analysisOf([counts(3, 300)]) }), at(60), spec);
    expect(next.status.checks?.[0]?.message).toContain('after 1,300 requests');
  });

  it('lets a canary as good as the primary advance', () => {
    const next = run(progressingAt(1), observe({ analysis: analysisOf([counts(10, 1000)]) }), at(30), spec);
    expect(next.status.stageIndex).toBe(2);
  });
});

describe('step: promotion', () => {
  const promoting: CanaryStatus = { ...progressingAt(2), phase: 'Promoting', lastTransitionTime: T0.toISOString() };

  it('gives the primary the canary template and waits for it', () => {
    const next = run(promoting, observe());
    expect(next.status.phase).toBe('Promoting');
    expect(ofType(next.actions, 'ensurePrimary')[0]).toMatchObject({ revision: 'v2' });
  });

  it('returns all traffic to the primary once it is available at the new revision, leaving the canary its pods', () => {
    const next = run(promoting, observe({ primary: workload('v2') }));
    expect(next.status.phase).toBe('Finalising');
    expect(routesOf(next.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
    expect(scaleOf(next.actions)).toBeUndefined();
  });

  it('succeeds once the canary is scaled to zero, and tells people once', () => {
    const finalising: CanaryStatus = { ...promoting, phase: 'Finalising' };
    const next = run(finalising, observe({ primary: workload('v2'), target: workload('v2', { replicas: 0 }) }), at(200));
    expect(next.status).toMatchObject({ phase: 'Succeeded', lastPromotedRevision: 'v2' });
    expect(notified(next.actions)).toEqual(['promoted']);
    const again = run(next.status, observe({ primary: workload('v2'), target: workload('v2', { replicas: 0 }) }), at(201));
    expect(notified(again.actions)).toEqual([]);
  });
});

describe('step: interruptions', () => {
  it('restarts the analysis on a newer revision that arrives mid-rollout', () => {
    const next = run(progressingAt(2, { failedChecks: 1 }), observe({ target: workload('v3') }), at(40));
    expect(next.status).toMatchObject({ phase: 'Waiting', canaryRevision: 'v3', stageIndex: 0, failedChecks: 0 });
    expect(next.status.reason).toContain('superseded v2');
    expect(routesOf(next.actions)).toEqual({ internalToCanary: false, canaryWeight: 0 });
  });

  it('pauses on the paused annotation holding the current stage (Progressing, stage kept) and resumes the same stage without skipping it', () => {
    const pausedBy = observe({ annotations: { [ANNOTATIONS.paused]: 'true' } });
    const paused = run(progressingAt(1), pausedBy, at(10));
    expect(paused.status).toMatchObject({ phase: 'Progressing', stageIndex: 1, stageName: 'weight-10', stageStartedAt: at(10).toISOString() });
    expect(paused.status.reason).toBe('paused by the songbird.dev/paused annotation; stage weight-10 holds and starts afresh on resume');
    expect(routesOf(paused.actions)).toEqual({ internalToCanary: true, canaryWeight: 10 });
    expect(ofType(paused.actions, 'recordEvent').map((e) => e.reason)).toEqual(['Paused']);
    const still = run(paused.status, pausedBy, at(600));
    expect(still.status).toMatchObject({ phase: 'Progressing', stageIndex: 1, stageStartedAt: at(600).toISOString() });
    expect(ofType(still.actions, 'recordEvent')).toEqual([]);
    // Ten minutes paused (past the 300 s deadline) do not expire the stage: its clock restarted.
    const resumed = run(still.status, observe(), at(610));
    expect(resumed.status).toMatchObject({ phase: 'Progressing', stageIndex: 1 });
  });

  it('stays Waiting when paused before the canary pods became available', () => {
    const waiting = progressingAt(0, { phase: 'Waiting' });
    const paused = run(waiting, observe({ annotations: { [ANNOTATIONS.paused]: 'true' } }), at(10));
    expect(paused.status).toMatchObject({ phase: 'Waiting', reason: 'paused by the songbird.dev/paused annotation' });
  });

  it('rolls back when an abort names the revision under test', () => {
    const next = run(progressingAt(1), observe({ annotations: { [ANNOTATIONS.abort]: 'v2' } }), at(10));
    expect(next.status.phase).toBe('Failed');
    expect(next.status.reason).toContain('aborted');
  });

  it('promotes when a promote request names the revision under test', () => {
    const next = run(progressingAt(1), observe({ annotations: { [ANNOTATIONS.promote]: 'v2' } }), at(10));
    expect(next.status.phase).toBe('Promoting');
  });

  it('stays put, doing nothing, when suspended', () => {
    const next = run(progressingAt(1), observe(), at(10), specOf({ suspend: true }));
    expect(next.actions).toEqual([]);
    expect(next.status.phase).toBe('Progressing');
  });
});

describe('invalidSpec', () => {
  it('sets Ready=False with the field and records one warning', () => {
    const next = invalidSpec({ phase: 'Initialized' }, 'spec.service.port: too small', 3, T0);
    expect(next.status.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'False', reason: 'InvalidSpec', observedGeneration: 3 });
    expect(next.status.phase).toBe('Initialized');
    expect(next.actions).toEqual([expect.objectContaining({ type: 'recordEvent', eventType: 'Warning' })]);
  });
});
