// Leader election on a coordination.k8s.io/v1 Lease, for running two or more
// replicas of which one reconciles. @kubernetes/client-node has no elector;
// this one follows client-go's tools/leaderelection (leaderelection.go):
// candidates read the Lease every retry period and take it when it is absent,
// released, or not seen to change for a lease duration (leader-decision.ts);
// the leader renews every retry period and gives up when no renew succeeded
// within the renew deadline; on a graceful stop it writes client-go's
// ReleaseOnCancel record so another replica takes over at its next read.
// Failures (apiserver down, 403) are logged and retried, never thrown.
import type { Logger } from 'pino';
import type { KubernetesError } from '../adapters/kubernetes/kubernetes-errors.js';
import type { LeaseLock, LeaseRecord } from '../adapters/kubernetes/lease-lock.js';
import { claimFor, decideLease, releaseClaim } from './leader-decision.js';

export interface LeaderElectionOptions {
  readonly lock: LeaseLock;
  /** This replica's name in the Lease (the pod name); never empty. */
  readonly identity: string;
  /** How long others wait, after last seeing the Lease change, before taking it; ms, default 10 000. */
  readonly leaseDurationMs?: number;
  /** How long the leader keeps trying to renew before it gives up; ms, default 7 000. */
  readonly renewDeadlineMs?: number;
  /** Time between attempts; ms, default 2 000. */
  readonly retryPeriodMs?: number;
  /** Called once, when this replica first holds the Lease. */
  readonly onStartedLeading: () => void;
  /**
   * Called at most once, only after onStartedLeading, when the lease is lost:
   * no renew succeeded within the renew deadline, or another holder was seen.
   * The elector has stopped by then (it does not run for leader again: start
   * a new one, or exit as client-go's callers do). release() and stop() do
   * not call it.
   */
  readonly onStoppedLeading: () => void;
  readonly logger: Logger;
}

export interface LeaderElection {
  /** True while this replica holds the Lease and its last renew is within the renew deadline. */
  isLeader(): boolean;
  /**
   * Why the last attempt on the Lease failed (apiserver unreachable, 403, a
   * timeout), or undefined when it succeeded: a standby that cannot read the
   * Lease could not take over either. Before the first answer: a reason too.
   */
  problem(): string | undefined;
  /** Stops; if leading, first writes the release (holder cleared, 1 second). Never rejects. */
  release(): Promise<void>;
  /** Stops without writing anything (the Lease expires on its own). Never rejects. */
  stop(): Promise<void>;
}

type Timing = { readonly leaseDurationMs: number; readonly renewDeadlineMs: number; readonly retryPeriodMs: number };
type Verb = 'get' | 'create' | 'update';
type Seen = { readonly record: LeaseRecord | undefined; readonly atMs: number };
type Attempt =
  | { readonly kind: 'held'; readonly record: LeaseRecord; readonly sentAtMs: number }
  | { readonly kind: 'wait'; readonly holder: string; readonly retryInMs: number; readonly seen: Seen }
  | { readonly kind: 'taken'; readonly holder: string; readonly seen: Seen }
  | { readonly kind: 'failed'; readonly verb: Verb; readonly error: KubernetesError; readonly seen?: Seen };

const TIMEOUT = Symbol('timeout');

/**
 * Starts running for leader on `options.lock` at once. Throws (a bug in the
 * caller) for an empty identity or timings client-go also refuses:
 * leaseDuration > renewDeadline > 1.2 × retryPeriod > 0.
 */
export function startLeaderElection(options: LeaderElectionOptions): LeaderElection {
  const timing = timingOf(options);
  const { lock, identity } = options;
  const log = options.logger.child({ component: 'leader-election', lease: lock.description, identity });
  const state = {
    halted: false,
    leading: false,
    started: false,
    stoppedCalled: false,
    observed: undefined as LeaseRecord | undefined,
    observedAtMs: 0,
    validUntilMs: 0,
    timer: undefined as NodeJS.Timeout | undefined,
    running: Promise.resolve(),
    lastProblem: '',
    problem: 'no answer about the Lease yet' as string | undefined,
    lastHolder: '',
  };

  const attempt = (leading: boolean) => attemptOnce(lock, identity, timing, { record: state.observed, atMs: state.observedAtMs }, leading);

  async function step(): Promise<number | undefined> {
    const wasLeading = state.leading;
    const budgetMs = wasLeading ? state.validUntilMs - Date.now() : timing.renewDeadlineMs;
    const result = await withDeadline(budgetMs, attempt(wasLeading));
    if (result !== TIMEOUT && 'seen' in result && result.seen) ({ record: state.observed, atMs: state.observedAtMs } = result.seen);
    if (result !== TIMEOUT && result.kind === 'held') return held(result, wasLeading);
    if (state.halted) return undefined;
    if (result === TIMEOUT) {
      if (wasLeading) return lose(`no renew of the Lease succeeded within the renew deadline (${timing.renewDeadlineMs} ms)`);
      return report('get', { code: 'network', retryable: true, message: `No answer about ${lock.description} within ${timing.renewDeadlineMs} ms` });
    }
    switch (result.kind) {
      case 'wait':
        if (result.holder !== state.lastHolder) log.info({ holder: result.holder }, `The leader is ${result.holder}`);
        state.lastHolder = result.holder;
        state.lastProblem = '';
        state.problem = undefined;
        return result.retryInMs;
      case 'taken':
        return lose(`the Lease is now held by ${JSON.stringify(result.holder)}`);
      case 'failed': {
        report(result.verb, result.error);
        if (!wasLeading) return timing.retryPeriodMs;
        const leftMs = state.validUntilMs - Date.now();
        return leftMs > 0 ? Math.min(timing.retryPeriodMs, leftMs) : lose(`no renew of the Lease succeeded within the renew deadline (${timing.renewDeadlineMs} ms)`);
      }
    }
  }

  function held(result: Extract<Attempt, { kind: 'held' }>, wasLeading: boolean): number | undefined {
    state.observed = result.record;
    state.observedAtMs = Date.now();
    state.validUntilMs = result.sentAtMs + timing.renewDeadlineMs;
    state.lastProblem = '';
    state.problem = undefined;
    state.leading = true;
    if (!wasLeading) log.info({ leaseTransitions: result.record.leaseTransitions }, 'Became the leader');
    if (state.halted) return undefined; // stop() or release() came meanwhile: release() writes the release
    if (!state.started) {
      state.started = true;
      call('onStartedLeading', options.onStartedLeading);
    }
    return timing.retryPeriodMs;
  }

  function lose(reason: string): undefined {
    state.leading = false;
    halt();
    log.warn({ reason }, `Stopped leading: ${reason}`);
    if (state.started && !state.stoppedCalled) {
      state.stoppedCalled = true;
      call('onStoppedLeading', options.onStoppedLeading);
    }
    return undefined;
  }

  function report(verb: Verb, error: KubernetesError): number {
    const key = `${verb}:${error.code}:${error.status ?? ''}`;
    const repeated = key === state.lastProblem;
    state.lastProblem = key;
    // Losing a race to write the Lease (409) is how election works, not a problem of this replica.
    state.problem = error.code === 'conflict' || error.code === 'alreadyExists' ? undefined : error.message;
    const rbac = error.code === 'forbidden' ? `; the controller's Role needs "${verb}" on leases (coordination.k8s.io) for ${lock.description}` : '';
    const level = repeated ? 'debug' : error.code === 'forbidden' || error.code === 'unauthorized' ? 'error' : 'warn';
    log[level]({ verb, code: error.code, status: error.status }, `${error.message}${rbac}`);
    return timing.retryPeriodMs;
  }

  function call(name: string, callback: () => void): void {
    try {
      callback();
    } catch (error) {
      log.error({ err: error }, `${name} threw`);
    }
  }

  function schedule(delayMs: number | undefined): void {
    if (delayMs !== undefined && !state.halted) state.timer = setTimeout(run, delayMs);
  }

  function run(): void {
    state.running = step().then(schedule, (error: unknown) => {
      log.error({ err: error }, 'Leader election step failed (a bug); trying again');
      schedule(timing.retryPeriodMs);
    });
  }

  function halt(): void {
    state.halted = true;
    clearTimeout(state.timer);
  }

  async function release(): Promise<void> {
    halt();
    await state.running;
    if (!state.leading || state.observed === undefined) return;
    state.leading = false;
    const result = await withDeadline(timing.renewDeadlineMs, releaseOnce(lock, identity, state.observed));
    if (result === TIMEOUT) log.warn(`No answer to the release of ${lock.description} within ${timing.renewDeadlineMs} ms; it expires on its own`);
    else if (result === 'released') log.info('Released the Lease');
    else if (result === 'notHeld') log.info('The Lease was no longer held by this replica; nothing to release');
    else report(result.verb, result.error);
  }

  run();
  return {
    isLeader: () => state.leading && !state.halted && Date.now() < state.validUntilMs,
    problem: () => state.problem,
    release,
    stop: async () => {
      halt();
      await state.running;
    },
  };
}

/**
 * One try, on a snapshot of what was last seen (no shared state is touched,
 * so an answer that comes after its deadline is simply dropped). A leader
 * first writes its renew on the resourceVersion it holds (client-go's fast
 * path); on a conflict, or as a candidate, it reads, decides and writes.
 */
async function attemptOnce(lock: LeaseLock, identity: string, timing: Timing, last: Seen, leading: boolean): Promise<Attempt> {
  if (leading && last.record) {
    const sentAtMs = Date.now();
    const renewed = await lock.update(claimFor('renew', last.record, identity, sentAtMs, timing.leaseDurationMs), last.record.resourceVersion);
    if (renewed.ok) return { kind: 'held', record: renewed.value, sentAtMs };
    if (renewed.error.code !== 'conflict' && renewed.error.code !== 'notFound') return { kind: 'failed', verb: 'update', error: renewed.error };
  }
  const read = await lock.read();
  if (!read.ok) return { kind: 'failed', verb: 'get', error: read.error };
  const nowMs = Date.now();
  const changed = read.value?.resourceVersion !== last.record?.resourceVersion;
  const seen: Seen = changed ? { record: read.value, atMs: nowMs } : last;
  const decision = decideLease(seen.record, identity, seen.atMs, nowMs, timing);
  if (decision.kind === 'wait' || (leading && decision.kind === 'acquire')) {
    const holder = seen.record?.holderIdentity ?? '';
    return leading ? { kind: 'taken', holder, seen } : { kind: 'wait', holder, retryInMs: decision.kind === 'wait' ? decision.retryInMs : timing.retryPeriodMs, seen };
  }
  const sentAtMs = Date.now();
  const claim = claimFor(decision.kind, seen.record, identity, sentAtMs, timing.leaseDurationMs);
  const written = seen.record === undefined ? await lock.create(claim) : await lock.update(claim, seen.record.resourceVersion);
  if (!written.ok) return { kind: 'failed', verb: seen.record === undefined ? 'create' : 'update', error: written.error, seen };
  return { kind: 'held', record: written.value, sentAtMs };
}

/** Writes the release on the resourceVersion held; after a conflict, once more if the Lease is still ours. */
async function releaseOnce(lock: LeaseLock, identity: string, held: LeaseRecord): Promise<'released' | 'notHeld' | { verb: Verb; error: KubernetesError }> {
  let record = held;
  for (let tries = 0; tries < 2; tries++) {
    const written = await lock.update(releaseClaim(record, Date.now()), record.resourceVersion);
    if (written.ok) return 'released';
    if (written.error.code === 'notFound') return 'notHeld';
    if (written.error.code !== 'conflict') return { verb: 'update', error: written.error };
    const read = await lock.read();
    if (!read.ok) return { verb: 'get', error: read.error };
    if (read.value?.holderIdentity !== identity) return 'notHeld';
    record = read.value;
  }
  return { verb: 'update', error: { code: 'conflict', retryable: true, message: `Could not release ${lock.description}: it kept changing` } };
}

/** `work`'s answer, or TIMEOUT after `ms` (at once when ms <= 0). */
function withDeadline<T>(ms: number, work: Promise<T>): Promise<T | typeof TIMEOUT> {
  if (ms <= 0) {
    work.catch(() => undefined);
    return Promise.resolve(TIMEOUT);
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof TIMEOUT>((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), ms)));
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

function timingOf(options: LeaderElectionOptions): Timing {
  const timing = { leaseDurationMs: options.leaseDurationMs ?? 10_000, renewDeadlineMs: options.renewDeadlineMs ?? 7_000, retryPeriodMs: options.retryPeriodMs ?? 2_000 };
  if (options.identity === '') throw new RangeError('Leader election needs a non-empty identity (an empty holder means a released Lease)');
  if (!(timing.retryPeriodMs > 0 && timing.renewDeadlineMs > 1.2 * timing.retryPeriodMs && timing.leaseDurationMs > timing.renewDeadlineMs)) {
    throw new RangeError(`Leader election timings must satisfy leaseDuration > renewDeadline > 1.2 × retryPeriod > 0 (got ${JSON.stringify(timing)})`);
  }
  return timing;
}
