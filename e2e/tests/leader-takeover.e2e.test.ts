import { jest } from '@jest/globals';
import { startReplicatedRollout, type ReplicatedRollout } from '../scenario/replicated-rollout.js';
import { leaseHolder, pollUntil, type ControllerReplica } from '../scenario/controller-replicas.js';
import { canaryEventCounts, headlines } from '../scenario/rollout-tally.js';
import { recordStatuses, type StatusRecorder } from '../scenario/status-recorder.js';

jest.setTimeout(240_000);

const NAMESPACE = 'leader-takeover';
/** spawnController's Lease name; every replica here shares it (and POD_NAMESPACE = NAMESPACE). */
const LEASE = 'songbird-e2e';
/** The bound for a SIGKILLed leader, with the default 10 s Lease. */
const TAKEOVER_LIMIT_MS = 15_000;
/** A released Lease is taken on the standby's next retry (2 s) plus the release itself. */
const RELEASE_TAKEOVER_LIMIT_MS = 3_500;
/** SONGBIRD_SHUTDOWN_GRACE_SECONDS default. */
const GRACE_MS = 20_000;

// Three replicas of the built controller sharing one Lease with the default timings (config/ runs two; the
// third is the one left to lead after the second hand-over). Before leader election (git show
// 9434483:controller/runtime/main.ts: no Lease, every process reconciles) no Lease exists to name a leader,
// and every process acts: every Slack message came once per process.
describe('replicas of the built controller sharing one Lease', () => {
  let rollout: ReplicatedRollout;
  let stages: StatusRecorder = { seen: [], stop: async () => undefined };

  const sentryEnv = (release: string) => rollout.sentryEnv(release);
  const replica = (name: string) => rollout.replica(name);
  const holder = () => leaseHolder(rollout.scenario.kube.kubeConfig, NAMESPACE, LEASE);
  /** The replica whose identity holds the Lease, once one does. */
  const leaderAmong = async (candidates: ControllerReplica[]) => {
    const identities = await Promise.all(candidates.map(async (r) => ({ r, identity: (await r.started()).identity })));
    const held = await pollUntil('a replica to hold the Lease', holder, (h) => identities.some((c) => c.identity === h), 30_000);
    return identities.find((c) => c.identity === held)!;
  };
  /** ms from `fromMs` to the Lease naming `identity`, polled every 100 ms. */
  const takeoverMs = async (identity: string, fromMs: number, timeoutMs: number) => {
    await pollUntil(`the Lease to name ${identity}`, holder, (h) => h === identity, timeoutMs);
    return Date.now() - fromMs;
  };
  const becameLeaderAt = (r: ControllerReplica) => r.logLines().find((l) => l.msg === 'Became the leader')?.time;
  /** Log lines about the Canary (they carry its name) written before the replica led, or at all when it never led. */
  const actedBeforeLeading = (r: ControllerReplica) => {
    const ledAt = becameLeaderAt(r) ?? Number.POSITIVE_INFINITY;
    return r.logLines().filter((l) => l.name === 'podinfo' && (l.time ?? 0) < ledAt).map((l) => l.msg);
  };

  beforeAll(async () => {
    rollout = await startReplicatedRollout(NAMESPACE, { notify: true });
  });
  afterAll(async () => {
    await stages.stop();
    await rollout?.stop();
  });

  it('hands the rollout over within 15 s of a leader SIGKILL and at once on a SIGTERM, doing nothing twice and skipping no stage', async () => {
    const { scenario: s, slack, sentry } = rollout;
    const all = [replica('a'), replica('b'), replica('c')];
    await s.waitForPhase(['Initialized'], 90_000);
    const first = await leaderAmong(all);
    stages = recordStatuses(() => s.status());
    await s.ship({ tag: '2.0.0', env: sentryEnv('podinfo@2.0.0') });

    // 1. SIGKILL the leader mid-rollout: a standby takes the Lease once it expires (10 s) and carries on.
    await s.waitFor('the first weighted stage', (st) => st.phase === 'Progressing' && st.stageIndex === 1, 120_000);
    const killedAt = Date.now();
    await first.r.kill();
    const standbys = all.filter((r) => r !== first.r);
    const second = await leaderAmong(standbys);
    const killTakeoverMs = Date.now() - killedAt;
    const byLog = (becameLeaderAt(second.r) ?? Number.NaN) - killedAt;
    console.log(`leader-takeover: SIGKILL → the Lease names standby ${second.r.name} after ${(killTakeoverMs / 1000).toFixed(1)} s (its log says 'Became the leader' ${(byLog / 1000).toFixed(1)} s after the kill)`);
    expect(killTakeoverMs).toBeLessThanOrEqual(TAKEOVER_LIMIT_MS);
    const last = standbys.find((r) => r !== second.r)!;
    expect(last.logLines().some((l) => typeof l.msg === 'string' && l.msg.startsWith('The leader is'))).toBe(true);

    // 2. SIGTERM the new leader while it works: it releases the Lease, exits 0 within the grace, and the last standby leads at once.
    await s.waitFor('a reconcile by the new leader', () => second.r.logLines().some((l) => l.name === 'podinfo'), 30_000);
    const termAt = Date.now();
    const exit = second.r.terminate();
    const releaseTakeoverMs = await takeoverMs((await last.started()).identity, termAt, 15_000);
    const exited = await exit;
    const phaseAtTerm = stages.seen[stages.seen.length - 1];
    console.log(`leader-takeover: SIGTERM (at ${JSON.stringify(phaseAtTerm)}) → the Lease names ${last.name} after ${(releaseTakeoverMs / 1000).toFixed(1)} s; ${second.r.name} exited ${exited.code ?? exited.signal} after ${((exited.atMs - termAt) / 1000).toFixed(1)} s`);
    expect(exited).toMatchObject({ code: 0, signal: null });
    expect(exited.atMs - termAt).toBeLessThan(GRACE_MS);
    expect(second.r.logLines().some((l) => l.msg === 'Released the Lease')).toBe(true);
    expect(releaseTakeoverMs).toBeLessThanOrEqual(RELEASE_TAKEOVER_LIMIT_MS);

    // 3. The rollout ends as it would have without either hand-over.
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    await stages.stop();
    expect(done.phase).toBe('Succeeded');
    await slack.waitForMessages(4, 15_000);
    await new Promise((r) => setTimeout(r, 2_000)); // a late duplicate would show up here
    expect(headlines(slack.messages())).toEqual([
      expect.stringMatching(/Rollout started/),
      expect.stringMatching(/Stage weight-25/),
      expect.stringMatching(/Stage weight-50/),
      expect.stringMatching(/Promoted/),
    ]);
    const indices = stages.seen.filter((e) => e.phase === 'Progressing' && e.revision === done.canaryRevision).map((e) => e.stageIndex);
    expect([...new Set(indices)]).toEqual([0, 1, 2]);
    for (let i = 1; i < indices.length; i++) expect(indices[i]!).toBeGreaterThanOrEqual(indices[i - 1]!);
    const events = canaryEventCounts(await s.events());
    expect(events.filter((e) => e.count > 1)).toEqual([]);
    expect(events.filter((e) => e.reason === 'Succeeded')).toHaveLength(1);
    const markers = sentry.deploys().filter((d) => d.version === 'podinfo@2.0.0').map((d) => d.environment);
    expect(markers.sort()).toEqual(['canary', 'production']);
    // Only the leader of the moment reconciled: no replica logged about the Canary before it led.
    for (const r of all) expect({ replica: r.name, before: actedBeforeLeading(r) }).toEqual({ replica: r.name, before: [] });
  });
});
