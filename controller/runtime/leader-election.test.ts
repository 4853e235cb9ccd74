// Electors against a loopback fake of the apiserver's Leases, with short
// timings (1 s lease: the Lease's leaseDurationSeconds is whole seconds).
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { startFakeLeasesApiServer, type FakeLeasesApiServer } from '../adapters/kubernetes/fake-leases-apiserver.js';
import type { KubernetesClients } from '../adapters/kubernetes/kubernetes-clients.js';
import { createLeaseLock } from '../adapters/kubernetes/lease-lock.js';
import { startLeaderElection, type LeaderElection } from './leader-election.js';

const LEASE_MS = 1_000;
const DEADLINE_MS = 700;
const RETRY_MS = 100;
const NS = 'songbird-system';
const NAME = 'songbird-controller';
const KEY = `${NS}/${NAME}`;

interface Candidate {
  readonly id: string;
  election: LeaderElection;
  started: number;
  stopped: number;
  startedAt?: number;
  stoppedAt?: number;
  readonly logs: Array<{ level: number; msg: string }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ms until `condition` holds, polled every 2 ms; rejects after `timeoutMs`. */
async function waitFor(condition: () => boolean, timeoutMs: number): Promise<number> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(2);
  }
  return Date.now() - start;
}

describe('startLeaderElection', () => {
  let fake: FakeLeasesApiServer;
  let clientsAs: (token: string) => KubernetesClients;
  let close: () => Promise<void>;
  let candidates: Candidate[];
  let overlaps: string[][];
  let sampler: NodeJS.Timeout;
  const leaders = () => candidates.filter((c) => c.election.isLeader());

  beforeEach(async () => {
    ({ fake, clientsAs, close } = await startFakeLeasesApiServer());
    candidates = [];
    overlaps = [];
    sampler = setInterval(() => {
      const now = leaders();
      if (now.length > 1) overlaps.push(now.map((c) => c.id));
    }, 2);
  });
  afterEach(async () => {
    clearInterval(sampler);
    await Promise.all(candidates.map((c) => c.election.stop()));
    await close();
  });

  function candidate(id: string): Candidate {
    const logs: Candidate['logs'] = [];
    const logger = pino({ level: 'debug' }, new Writable({ write: (chunk: Buffer, _e, done) => (logs.push(JSON.parse(chunk.toString())), done()) }));
    const c = { id, started: 0, stopped: 0, logs } as Candidate;
    c.election = startLeaderElection({
      lock: createLeaseLock(clientsAs(id), NS, NAME),
      identity: id,
      leaseDurationMs: LEASE_MS,
      renewDeadlineMs: DEADLINE_MS,
      retryPeriodMs: RETRY_MS,
      onStartedLeading: () => ((c.started += 1), (c.startedAt = Date.now())),
      onStoppedLeading: () => ((c.stopped += 1), (c.stoppedAt = Date.now())),
      logger,
    });
    candidates.push(c);
    return c;
  }

  async function twoCandidates(): Promise<{ leader: Candidate; other: Candidate }> {
    const a = candidate('pod-a');
    const b = candidate('pod-b');
    await waitFor(() => leaders().length === 1, 2_000);
    await sleep(3 * RETRY_MS); // the other has seen the leader's renewals
    const leader = a.election.isLeader() ? a : b;
    return { leader, other: leader === a ? b : a };
  }

  it('makes exactly one of two candidates leader, and keeps it, when both run on one Lease', async () => {
    const { leader, other } = await twoCandidates();
    await sleep(1.5 * LEASE_MS); // longer than a lease: renewals keep it
    expect(leaders()).toEqual([leader]);
    expect(overlaps).toEqual([]);
    expect([leader.started, leader.stopped, other.started, other.stopped]).toEqual([1, 0, 0, 0]);
    expect(fake.leases.get(KEY)?.spec).toMatchObject({ holderIdentity: leader.id, leaseDurationSeconds: 1, leaseTransitions: 0 });
  });

  it('hands over after the lease expires, within leaseDuration + retryPeriod, when the leader stops renewing (SIGKILL)', async () => {
    const { leader, other } = await twoCandidates();
    await leader.election.stop(); // timers stopped, nothing written: as if killed
    const takeoverMs = await waitFor(() => other.election.isLeader(), 3 * LEASE_MS);
    expect(takeoverMs).toBeGreaterThanOrEqual(LEASE_MS - RETRY_MS - 50);
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + RETRY_MS + 150);
    expect(other.started).toBe(1);
    expect(fake.leases.get(KEY)?.spec).toMatchObject({ holderIdentity: other.id, leaseTransitions: 1 });
  });

  it('lets the other candidate take over within one retry period when the leader releases', async () => {
    const { leader, other } = await twoCandidates();
    await leader.election.release();
    const takeoverMs = await waitFor(() => other.election.isLeader(), 3 * LEASE_MS);
    expect(takeoverMs).toBeLessThanOrEqual(RETRY_MS + 100);
    const release = fake.requests.find((r) => r.token === leader.id && r.verb === 'update' && r.body?.spec?.holderIdentity === '');
    expect(release?.status).toBe(200);
    expect(release?.body?.spec).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 0 });
    expect(leader.election.isLeader()).toBe(false);
    expect(leader.stopped).toBe(0); // a release is not a loss
    expect(overlaps).toEqual([]);
  });

  it('never makes two leaders when both candidates write on the same resourceVersion and one gets 409', async () => {
    fake.put(NS, NAME, { holderIdentity: '', leaseDurationSeconds: 1, leaseTransitions: 2 });
    const lined: Array<() => void> = [];
    fake.beforeHandling = (request) => {
      if (request.verb !== 'update' || lined.length >= 2) return undefined;
      return new Promise<void>((resolve) => {
        lined.push(resolve);
        if (lined.length === 2) lined.forEach((go) => go()); // both writes go in together
      });
    };
    candidate('pod-a');
    candidate('pod-b');
    await waitFor(() => leaders().length === 1, 2_000);
    const leader = leaders()[0]!;
    await sleep(1.5 * LEASE_MS); // longer than a lease: renewals keep it
    const acquires = fake.requests.filter((r) => r.verb === 'update').slice(0, 2);
    expect(acquires.map((r) => r.body?.metadata?.resourceVersion)).toEqual([acquires[0]!.body?.metadata?.resourceVersion, acquires[0]!.body?.metadata?.resourceVersion]);
    expect(acquires.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(leaders()).toEqual([leader]);
    expect(overlaps).toEqual([]);
    expect(candidates.map((c) => c.started).sort()).toEqual([0, 1]);
    expect(fake.leases.get(KEY)?.spec).toMatchObject({ holderIdentity: leader.id, leaseTransitions: 3 });
    // Losing the race is no problem of the loser's (its readiness must not say otherwise).
    expect(candidates.map((c) => c.election.problem())).toEqual([undefined, undefined]);
  });

  it('stops leading once, and runs no more, when another holder took the Lease', async () => {
    const a = candidate('pod-a');
    await waitFor(() => a.election.isLeader(), 2_000);
    fake.put(NS, NAME, { holderIdentity: 'intruder', leaseDurationSeconds: 10 });
    await waitFor(() => a.stopped === 1, RETRY_MS + 300);
    expect(a.election.isLeader()).toBe(false);
    const requestsAfterLoss = fake.requests.length;
    await sleep(5 * RETRY_MS);
    expect(fake.requests.length).toBe(requestsAfterLoss);
    expect([a.started, a.stopped]).toEqual([1, 1]);
    expect(a.logs.some((l) => l.level === 40 && /held by "intruder"/.test(l.msg))).toBe(true);
  });

  it('gives up leading before the other can take over when the leader is cut off from the apiserver', async () => {
    const { leader, other } = await twoCandidates();
    const cutAt = Date.now();
    fake.partitioned.add(leader.id); // its requests get no answer; it is still running
    await waitFor(() => other.election.isLeader(), 3 * LEASE_MS);
    expect(leader.election.isLeader()).toBe(false);
    expect(overlaps).toEqual([]);
    expect(leader.stopped).toBe(1);
    expect(leader.stoppedAt! - cutAt).toBeLessThanOrEqual(DEADLINE_MS + 100);
    expect(other.startedAt! - leader.stoppedAt!).toBeGreaterThanOrEqual(LEASE_MS - DEADLINE_MS - RETRY_MS);
  });

  it('says why a standby could not read the Lease while the apiserver is down, and nothing once it can again', async () => {
    const { other } = await twoCandidates();
    expect(other.election.problem()).toBeUndefined();
    fake.deny.add('get');
    await waitFor(() => other.election.problem() !== undefined, 1_000);
    expect(other.election.problem()).toContain(`get Lease ${KEY}`);
    expect(other.election.problem()).toContain('403');
    fake.deny.delete('get');
    await waitFor(() => other.election.problem() === undefined, 1_000);
  });

  it('keeps leading through an apiserver outage shorter than the renew deadline, and stops once after a longer one', async () => {
    const a = candidate('pod-a');
    await waitFor(() => a.election.isLeader(), 2_000);
    fake.unavailable = true;
    await sleep(DEADLINE_MS / 2);
    fake.unavailable = false;
    await sleep(2 * RETRY_MS);
    expect([a.election.isLeader(), a.stopped]).toEqual([true, 0]);
    fake.unavailable = true;
    await waitFor(() => a.stopped === 1, DEADLINE_MS + 200);
    expect(a.election.isLeader()).toBe(false);
    const warnings = a.logs.filter((l) => l.level === 40 && /\(503\)/.test(l.msg));
    expect(warnings).toHaveLength(2); // once per outage, not once per retry
  });

  it.each([
    ['get', undefined],
    ['create', undefined],
    ['update', { holderIdentity: '', leaseDurationSeconds: 1 }],
  ] as const)('logs once a clear reason naming the verb %s and the Lease, never leads and keeps trying, when RBAC refuses it', async (verb, seed) => {
    if (seed) fake.put(NS, NAME, seed);
    fake.deny.add(verb);
    const a = candidate('pod-a');
    await sleep(6 * RETRY_MS);
    expect([a.election.isLeader(), a.started]).toEqual([false, 0]);
    const errors = a.logs.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.msg).toContain(`Not allowed to ${verb} Lease ${KEY} (403)`);
    expect(errors[0]!.msg).toContain(`needs "${verb}" on leases (coordination.k8s.io)`);
    expect(fake.requests.filter((r) => r.verb === verb).length).toBeGreaterThanOrEqual(3);
  });

  it('resolves release() within the renew deadline, and stops leading, when the apiserver does not answer', async () => {
    const a = candidate('pod-a');
    await waitFor(() => a.election.isLeader(), 2_000);
    fake.hang = true;
    const start = Date.now();
    await a.election.release();
    expect(Date.now() - start).toBeLessThanOrEqual(DEADLINE_MS + RETRY_MS + 100);
    expect(a.election.isLeader()).toBe(false);
    expect(a.logs.some((l) => l.level === 40 && /release/.test(l.msg))).toBe(true);
  });

  it.each([
    [{ leaseDurationMs: 700, renewDeadlineMs: 700, retryPeriodMs: 100 }],
    [{ leaseDurationMs: 1_000, renewDeadlineMs: 110, retryPeriodMs: 100 }],
    [{ leaseDurationMs: 1_000, renewDeadlineMs: 700, retryPeriodMs: 0 }],
  ])('throws for timings client-go refuses: %j', (timing) => {
    const start = () =>
      startLeaderElection({ lock: createLeaseLock(clientsAs('x'), NS, NAME), identity: 'x', ...timing, onStartedLeading: () => {}, onStoppedLeading: () => {}, logger: pino({ level: 'silent' }) });
    expect(start).toThrow(RangeError);
  });
});
