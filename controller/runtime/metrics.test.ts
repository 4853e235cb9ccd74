import { describe, expect, it } from '@jest/globals';
import type { CanaryStatus, CheckResult } from '../schema/canary-status.js';
import { createMetrics, decisionOf, limitNumber, rolloutStarted, type ControllerMetrics } from './metrics.js';

const KEY = { namespace: 'shop', name: 'podinfo' };
const T0 = '2030-01-01T00:00:00.000Z';

type Sample = { labels: Record<string, string | number>; value: number; metricName?: string };

async function samples(metrics: ControllerMetrics, name: string): Promise<Sample[]> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`${name} is not registered`);
  return (await metric.get()).values as Sample[];
}

async function valueOf(metrics: ControllerMetrics, name: string, labels: Record<string, string>): Promise<number | undefined> {
  const found = (await samples(metrics, name)).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return found?.value;
}

function check(name: string, value: number | null, limit: string): CheckResult {
  return { name, type: 'promql', outcome: 'pass', value, limit, message: name, measuredAt: T0 };
}

const progressing: CanaryStatus & { rolloutNumber?: number } = {
  phase: 'Progressing',
  canaryRevision: 'abc',
  rolloutStartedAt: T0,
  rolloutNumber: 1,
  canaryWeight: 25,
  failedChecks: 1,
  checks: [check('success-rate', 99.5, '≥ 99 %'), check('latency', 120, 'p99 ≤ 500 ms')],
};

describe('createMetrics', () => {
  it('sets the phase, weight, failed checks and check gauges from the new status when a reconcile is observed', async () => {
    const metrics = createMetrics();
    metrics.observeReconcile(KEY, progressing, progressing, new Date(T0));
    expect(await valueOf(metrics, 'songbird_canary_phase', { ...KEY, phase: 'Progressing' })).toBe(1);
    expect(await valueOf(metrics, 'songbird_canary_phase', { ...KEY, phase: 'Succeeded' })).toBe(0);
    expect(await valueOf(metrics, 'songbird_canary_weight', KEY)).toBe(25);
    expect(await valueOf(metrics, 'songbird_canary_failed_checks', KEY)).toBe(1);
    expect(await valueOf(metrics, 'songbird_check_value', { ...KEY, check: 'latency' })).toBe(120);
    expect(await valueOf(metrics, 'songbird_check_limit', { ...KEY, check: 'latency' })).toBe(500);
    expect(await valueOf(metrics, 'songbird_check_limit', { ...KEY, check: 'success-rate' })).toBe(99);
  });

  it('drops a check\'s series when the check is gone or cannot be measured', async () => {
    const metrics = createMetrics();
    metrics.observeReconcile(KEY, progressing, progressing, new Date(T0));
    const later = { ...progressing, checks: [check('success-rate', null, '≥ 99 %')] };
    metrics.observeReconcile(KEY, progressing, later, new Date(T0));
    expect(await samples(metrics, 'songbird_check_value')).toEqual([]);
    expect((await samples(metrics, 'songbird_check_limit')).map((s) => s.labels.check)).toEqual(['success-rate']);
  });

  it('counts one start, and no other, when a rollout starts', async () => {
    const metrics = createMetrics();
    const idle: CanaryStatus = { phase: 'Succeeded', canaryRevision: 'old', rolloutStartedAt: '2029-12-31T00:00:00.000Z' };
    metrics.observeReconcile(KEY, idle, progressing, new Date(T0));
    metrics.observeReconcile(KEY, progressing, progressing, new Date(T0));
    expect(await valueOf(metrics, 'songbird_rollouts_started_total', KEY)).toBe(1);
    expect(await valueOf(metrics, 'songbird_rollouts_promoted_total', KEY)).toBe(0);
    expect(await valueOf(metrics, 'songbird_rollouts_rolled_back_total', KEY)).toBe(0);
  });

  it('counts a promotion and observes the decision time when the phase becomes Succeeded', async () => {
    const metrics = createMetrics();
    const succeeded = { ...progressing, phase: 'Succeeded' as const };
    metrics.observeReconcile(KEY, progressing, succeeded, new Date(Date.parse(T0) + 90_000));
    metrics.observeReconcile(KEY, succeeded, succeeded, new Date(Date.parse(T0) + 95_000));
    expect(await valueOf(metrics, 'songbird_rollouts_promoted_total', KEY)).toBe(1);
    const sums = (await samples(metrics, 'songbird_rollout_decision_seconds')).filter((s) => s.metricName?.endsWith('_sum'));
    expect(sums).toEqual([expect.objectContaining({ labels: { result: 'promoted' }, value: 90 }), expect.objectContaining({ labels: { result: 'rolled_back' }, value: 0 })]);
  });

  it('counts a rollback labelled rolled_back when the phase becomes Failed', async () => {
    const metrics = createMetrics();
    metrics.observeReconcile(KEY, progressing, { ...progressing, phase: 'Failed' }, new Date(Date.parse(T0) + 30_000));
    expect(await valueOf(metrics, 'songbird_rollouts_rolled_back_total', KEY)).toBe(1);
    const counts = (await samples(metrics, 'songbird_rollout_decision_seconds')).filter((s) => s.metricName?.endsWith('_count'));
    expect(counts).toEqual([expect.objectContaining({ labels: { result: 'promoted' }, value: 0 }), expect.objectContaining({ labels: { result: 'rolled_back' }, value: 1 })]);
  });

  it('removes every series of a Canary when it is forgotten', async () => {
    const metrics = createMetrics();
    const other = { namespace: 'shop', name: 'cart' };
    metrics.observeReconcile(KEY, {}, progressing, new Date(T0));
    metrics.observeReconcile(other, {}, progressing, new Date(T0));
    metrics.forgetCanary(KEY);
    const text = await metrics.registry.metrics();
    expect(text).not.toContain('name="podinfo"');
    expect(text).toContain('songbird_canary_weight{namespace="shop",name="cart"} 25');
  });

  it('shows the rollout counters at 0 when a Canary is first observed, so its first rollout is seen by increase()', async () => {
    const metrics = createMetrics();
    metrics.observeReconcile(KEY, {}, { phase: 'Initializing' }, new Date(T0));
    const text = await metrics.registry.metrics();
    expect(text).toContain('songbird_rollouts_started_total{namespace="shop",name="podinfo"} 0');
    expect(text).toContain('songbird_rollouts_rolled_back_total{namespace="shop",name="podinfo"} 0');
    expect(text).toContain('songbird_rollout_decision_seconds_count{result="promoted"} 0');
  });

  it('reads the queue depth at scrape time when a depth callback is set', async () => {
    const metrics = createMetrics();
    let depth = 3;
    metrics.setQueueDepth(() => depth);
    expect(await valueOf(metrics, 'songbird_workqueue_depth', {})).toBe(3);
    depth = 7;
    expect(await valueOf(metrics, 'songbird_workqueue_depth', {})).toBe(7);
  });

  it('reports the work queue\'s workers when its concurrency is set', async () => {
    const metrics = createMetrics();
    metrics.setQueueConcurrency(16);
    expect(await valueOf(metrics, 'songbird_workqueue_concurrency', {})).toBe(16);
  });

  it('shows retries at 0 before the first, and counts each retry', async () => {
    const metrics = createMetrics();
    expect(await metrics.registry.metrics()).toContain('songbird_workqueue_retries_total 0');
    metrics.countRetry();
    metrics.countRetry();
    expect(await valueOf(metrics, 'songbird_workqueue_retries_total', {})).toBe(2);
  });

  it('reads the calls waiting per system at scrape time, and shows no series for a system without a limit', async () => {
    const metrics = createMetrics();
    let waiting = 5;
    metrics.setCallsWaiting('prometheus', () => waiting);
    expect(await valueOf(metrics, 'songbird_adapter_calls_waiting', { system: 'prometheus' })).toBe(5);
    waiting = 0;
    expect(await valueOf(metrics, 'songbird_adapter_calls_waiting', { system: 'prometheus' })).toBe(0);
    expect((await samples(metrics, 'songbird_adapter_calls_waiting')).map((s) => s.labels.system)).toEqual(['prometheus']);
  });

  it('counts an error under its code, and under other when the reason is not a short code', async () => {
    const metrics = createMetrics();
    metrics.countError('slack', 'rateLimited');
    metrics.countError('slack', 'HTTP 429: slow down, see https://api.slack.com');
    expect(await valueOf(metrics, 'songbird_adapter_errors_total', { system: 'slack', reason: 'rateLimited' })).toBe(1);
    expect(await valueOf(metrics, 'songbird_adapter_errors_total', { system: 'slack', reason: 'other' })).toBe(1);
  });

  it('reports 0 before and 1 after this replica becomes leader', async () => {
    const metrics = createMetrics();
    expect(await valueOf(metrics, 'songbird_leader', {})).toBe(0);
    metrics.setLeader(true);
    expect(await valueOf(metrics, 'songbird_leader', {})).toBe(1);
  });

  it('observes a reconcile duration when the timer is stopped', async () => {
    const metrics = createMetrics();
    metrics.reconcileDuration()();
    const count = (await samples(metrics, 'songbird_reconcile_duration_seconds')).find((s) => s.metricName?.endsWith('_count'));
    expect(count?.value).toBe(1);
  });

  it('includes the Node process metrics when the registry is rendered', async () => {
    const text = await createMetrics().registry.metrics();
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('keeps two registries apart when two are created', async () => {
    const one = createMetrics();
    createMetrics().setLeader(true);
    expect(await valueOf(one, 'songbird_leader', {})).toBe(0);
  });
});

describe('rolloutStarted', () => {
  it.each<[string, CanaryStatus & { rolloutNumber?: number }, CanaryStatus & { rolloutNumber?: number }, boolean]>([
    ['true when the rollout number goes up', { canaryRevision: 'a', rolloutNumber: 1, rolloutStartedAt: T0 }, { canaryRevision: 'a', rolloutNumber: 2, rolloutStartedAt: T0 }, true],
    ['true when the start time changes without a number', { canaryRevision: 'a', rolloutStartedAt: '2029-01-01T00:00:00Z' }, { canaryRevision: 'a', rolloutStartedAt: T0 }, true],
    ['false when nothing about the rollout changed', { canaryRevision: 'a', rolloutNumber: 1, rolloutStartedAt: T0 }, { canaryRevision: 'a', rolloutNumber: 1, rolloutStartedAt: T0 }, false],
    ['false when no revision is under test', {}, { rolloutNumber: 1, rolloutStartedAt: T0 }, false],
    ['false when the start time is cleared', { canaryRevision: 'a', rolloutStartedAt: T0 }, { canaryRevision: 'a' }, false],
  ])('is %s', (_, before, after, expected) => {
    expect(rolloutStarted(before, after)).toBe(expected);
  });
});

describe('decisionOf', () => {
  it('is undefined when the phase stays Succeeded', () => {
    expect(decisionOf({ phase: 'Succeeded' }, { phase: 'Succeeded' })).toBeUndefined();
  });

  it('is promoted when Finalising becomes Succeeded', () => {
    expect(decisionOf({ phase: 'Finalising' }, { phase: 'Succeeded' })).toBe('promoted');
  });
});

describe('limitNumber', () => {
  it.each<[string, number | undefined]>([
    ['≥ 99 %', 99],
    ['p99 ≤ 500 ms', 500],
    ['≤ 1.2× primary', 1.2],
    ['≤ 0 new issues', 0],
    ['>= 99.5 %', 99.5],
    ['≥ 0.1 and ≤ 0.5', undefined],
    ['', undefined],
    ['about ninety', undefined],
  ])('reads %j as %p', (limit, expected) => {
    expect(limitNumber(limit)).toBe(expected);
  });
});
