import { jest } from '@jest/globals';
import { startReplicatedRollout, type ReplicatedRollout } from '../scenario/replicated-rollout.js';
import { leaseHolder, pollUntil, type ControllerReplica } from '../scenario/controller-replicas.js';
import { metricSamples, metricValue } from '../scenario/metrics-text.js';

jest.setTimeout(180_000);

const NAMESPACE = 'metrics-probes';
const LEASE = 'songbird-e2e';
const CANARY = { namespace: NAMESPACE, name: 'podinfo' };

// The probes and /metrics of the built controller, read over HTTP as the kubelet and Prometheus read them,
// on a leader and a standby during a rollout. Before this issue (git show 9434483:controller/runtime/main.ts)
// the controller served no port at all: no metricsPort in its start line, nothing to GET.
describe('the probes and /metrics during a rollout', () => {
  let rollout: ReplicatedRollout;
  // Not what is measured here.
  const replica = (name: string) => rollout.replica(name, { SONGBIRD_LEASE_DURATION_SECONDS: '2' });
  const metrics = async (r: ControllerReplica) => {
    const answer = await r.get('/metrics');
    expect(answer.status).toBe(200);
    return answer.text;
  };

  beforeAll(async () => {
    rollout = await startReplicatedRollout(NAMESPACE, { notify: false });
  });
  afterAll(async () => {
    await rollout?.stop();
  });

  it('answers the probes on the leader and the standby and counts the rollout from start to promotion', async () => {
    const s = rollout.scenario;
    const pair = [replica('a'), replica('b')];
    const identities = await Promise.all(pair.map(async (r) => (await r.started()).identity));
    const held = await pollUntil('a replica to hold the Lease', () => leaseHolder(s.kube.kubeConfig, NAMESPACE, LEASE), (h) => identities.includes(h ?? ''), 30_000);
    const leader = pair[identities.indexOf(held!)]!;
    const standby = pair.find((r) => r !== leader)!;

    // Live at once; the leader ready once its informers synced, the standby ready while it waits.
    for (const r of pair) expect(await r.get('/healthz')).toEqual({ status: 200, text: expect.any(String) });
    await pollUntil('/readyz 200 on the leader', () => leader.get('/readyz'), (a) => a.status === 200, 30_000);
    // Ready once it has read the Lease (before its first answer it says so, with 503).
    const standbyReady = await pollUntil('/readyz 200 on the standby', () => standby.get('/readyz'), (a) => a.status === 200, 15_000).catch(() => standby.get('/readyz'));
    console.log(`metrics-probes: standby /readyz ${standbyReady.status} "${standbyReady.text}"`);
    expect(standbyReady.status).toBe(200);
    await s.waitForPhase(['Initialized'], 90_000);

    await s.ship({ tag: '2.0.0' });
    const progressing = await s.waitFor('a weighted stage', (st) => st.phase === 'Progressing' && (st.stageIndex ?? 0) >= 1, 120_000);
    const during = await metrics(leader);
    expect(metricValue(during, 'songbird_leader')).toBe(1);
    expect(metricValue(during, 'songbird_canary_phase', { ...CANARY, phase: 'Progressing' })).toBe(1);
    expect(metricValue(during, 'songbird_canary_phase', { ...CANARY, phase: 'Succeeded' })).toBe(0);
    const weight = metricValue(during, 'songbird_canary_weight', CANARY);
    expect([progressing.canaryWeight, 50]).toContain(weight); // the stage read, or the next one if it moved on meanwhile
    expect(metricValue(during, 'songbird_rollouts_started_total', CANARY)).toBeGreaterThanOrEqual(1);
    expect(metricValue(during, 'songbird_reconcile_duration_seconds_count')).toBeGreaterThan(0);
    expect(metricSamples(during, 'songbird_check_value').filter((m) => m.labels.name === CANARY.name).map((m) => m.labels.check).sort()).toEqual(['latency', 'success-rate']);
    expect(metricValue(during, 'songbird_workqueue_depth')).toBeGreaterThanOrEqual(0);
    console.log(`metrics-probes: during stage ${progressing.stageName}: weight ${weight}, started ${metricValue(during, 'songbird_rollouts_started_total', CANARY)}, reconciles ${metricValue(during, 'songbird_reconcile_duration_seconds_count')}`);

    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    expect(done.phase).toBe('Succeeded');
    const after = await metrics(leader);
    expect(metricValue(after, 'songbird_rollouts_promoted_total', CANARY)).toBe(1);
    expect(metricValue(after, 'songbird_rollouts_rolled_back_total', CANARY)).toBe(0);
    expect(metricValue(after, 'songbird_canary_phase', { ...CANARY, phase: 'Succeeded' })).toBe(1);
    expect(metricValue(after, 'songbird_canary_phase', { ...CANARY, phase: 'Progressing' })).toBe(0);
    expect(metricValue(after, 'songbird_rollout_decision_seconds_count', { result: 'promoted' })).toBe(1);

    // The standby stays ready, says it does not lead, and has reconciled nothing.
    expect((await standby.get('/readyz')).status).toBe(200);
    expect((await standby.get('/healthz')).status).toBe(200);
    const standbyMetrics = await metrics(standby);
    expect(metricValue(standbyMetrics, 'songbird_leader')).toBe(0);
    expect(metricSamples(standbyMetrics, 'songbird_canary_phase')).toEqual([]);
    expect(metricValue(standbyMetrics, 'songbird_reconcile_duration_seconds_count') ?? 0).toBe(0);
  });
});
