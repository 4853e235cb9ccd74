import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PHASES, type CanaryStatus } from '../schema/canary-status.js';
import type { MetricSystem } from '../schema/checks.js';
import type { NotifierChannel } from './notifiers/notifier.js';

/**
 * The controller's Prometheus metrics, on a Registry of their own (the Node
 * process metrics of prom-client's collectDefaultMetrics included, no prefix).
 * Labels stay bounded: per Canary (`namespace`, `name`), per check (`check`),
 * per phase, and short codes (`system`, `reason`, `result`); never a message.
 * Names and units follow Prometheus's naming guide
 * (https://prometheus.io/docs/practices/naming/): seconds, `_total` counters.
 */
export type CanaryKey = { namespace: string; name: string };
/** Every notifier channel is a system of its own (notifiers/notifier.ts NOTIFIER_CHANNELS), so a new channel needs no line here. */
export type AdapterSystem = 'kubernetes' | 'istio' | MetricSystem | NotifierChannel;
/** Systems whose calls go through a concurrency limit (runtime/system-limits.ts): every metric provider (runtime/checks/providers.ts). */
export type LimitedSystem = MetricSystem;
export type DecisionResult = 'promoted' | 'rolled_back';

export interface ControllerMetrics {
  readonly registry: Registry;
  /** Sets the Canary's gauges from `after` and counts the rollout transitions from `before` to `after`. */
  observeReconcile(key: CanaryKey, before: CanaryStatus, after: CanaryStatus, now: Date): void;
  /** Removes every series of a deleted Canary. */
  forgetCanary(key: CanaryKey): void;
  /** Starts a reconcile timer; calling the result observes its duration in seconds. */
  reconcileDuration(): () => void;
  /** The work queue's depth, read at each scrape. */
  setQueueDepth(depth: () => number): void;
  /** The work queue's workers (SONGBIRD_CONCURRENCY). */
  setQueueConcurrency(workers: number): void;
  /** Counts one reconcile the work queue retries with backoff (a RETRY result or a throw). */
  countRetry(): void;
  /** Calls to `system` waiting for a slot of its concurrency limit, read at each scrape. */
  setCallsWaiting(system: LimitedSystem, waiting: () => number): void;
  /** Counts one adapter error; `reason` is the error's code (anything else is counted as `other`). */
  countError(system: AdapterSystem, reason: string): void;
  setLeader(isLeader: boolean): void;
}

/** The rollout counter of a status (`status.rolloutNumber`, +1 at each rollout start), when it has one. */
type Numbered = CanaryStatus & { rolloutNumber?: number };

/** A short error code such as `notFound` or `rateLimited`; anything longer or stranger becomes `other`. */
const REASON_CODE = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/** Rollouts last minutes to hours: stages × analysis interval. */
const DECISION_BUCKETS = [30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400];

export function createMetrics(): ControllerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const perCanary = ['namespace', 'name'] as const;
  const perCheck = ['namespace', 'name', 'check'] as const;
  const phase = new Gauge({ name: 'songbird_canary_phase', help: 'The Canary\'s phase: 1 for the current phase, 0 for the others.', labelNames: [...perCanary, 'phase'], registers });
  const weight = new Gauge({ name: 'songbird_canary_weight', help: 'Percent of weighted traffic routed to the canary.', labelNames: perCanary, registers });
  const failedChecks = new Gauge({ name: 'songbird_canary_failed_checks', help: 'Failed analyses counted against the threshold in this rollout.', labelNames: perCanary, registers });
  const checkValue = new Gauge({ name: 'songbird_check_value', help: 'The last measured value of a check (no series while it cannot be measured).', labelNames: perCheck, registers });
  const checkLimit = new Gauge({ name: 'songbird_check_limit', help: 'The limit of a check, when its limit is one number.', labelNames: perCheck, registers });
  const started = new Counter({ name: 'songbird_rollouts_started_total', help: 'Rollouts started (a new revision under test).', labelNames: perCanary, registers });
  const promoted = new Counter({ name: 'songbird_rollouts_promoted_total', help: 'Rollouts that ended promoted (phase Succeeded).', labelNames: perCanary, registers });
  const rolledBack = new Counter({ name: 'songbird_rollouts_rolled_back_total', help: 'Rollouts that ended rolled back (phase Failed).', labelNames: perCanary, registers });
  const decision = new Histogram({ name: 'songbird_rollout_decision_seconds', help: 'Seconds from a rollout\'s start to its promotion or rollback.', labelNames: ['result'], buckets: DECISION_BUCKETS, registers });
  const reconcile = new Histogram({ name: 'songbird_reconcile_duration_seconds', help: 'Seconds one reconcile of one Canary took.', registers });
  const errors = new Counter({ name: 'songbird_adapter_errors_total', help: 'Errors adapters returned, by system and error code.', labelNames: ['system', 'reason'], registers });
  const leader = new Gauge({ name: 'songbird_leader', help: '1 while this replica holds the leader Lease, else 0.', registers });
  leader.set(0);
  // Series that exist at 0 before their first event, so increase() and rate() see that event
  // (https://prometheus.io/docs/practices/instrumentation/#avoid-missing-metrics).
  for (const result of ['promoted', 'rolled_back'] satisfies DecisionResult[]) decision.zero({ result });
  let depthOf: () => number = () => 0;
  new Gauge({ name: 'songbird_workqueue_depth', help: 'Canaries waiting in the work queue.', registers, collect() { this.set(depthOf()); } });
  const concurrency = new Gauge({ name: 'songbird_workqueue_concurrency', help: 'Canaries the work queue reconciles at once (its workers).', registers });
  const retries = new Counter({ name: 'songbird_workqueue_retries_total', help: 'Reconciles retried with backoff after they failed or threw.', registers });
  const waitingOf = new Map<LimitedSystem, () => number>();
  new Gauge({
    name: 'songbird_adapter_calls_waiting',
    help: 'Calls to a system waiting for a slot of its concurrency limit.',
    labelNames: ['system'],
    registers,
    collect() {
      for (const [system, waiting] of waitingOf) this.set({ system }, waiting());
    },
  });
  const checksSeen = new Map<string, Set<string>>();
  const idOf = (key: CanaryKey): string => `${key.namespace}/${key.name}`;

  function setChecks(key: CanaryKey, status: CanaryStatus): void {
    const previous = checksSeen.get(idOf(key)) ?? new Set<string>();
    const current = new Set<string>();
    for (const check of status.checks ?? []) {
      const labels = { ...key, check: check.name };
      current.add(check.name);
      if (check.value === null) checkValue.remove(labels);
      else checkValue.set(labels, check.value);
      const limit = limitNumber(check.limit);
      if (limit === undefined) checkLimit.remove(labels);
      else checkLimit.set(labels, limit);
    }
    for (const gone of previous) {
      if (current.has(gone)) continue;
      checkValue.remove({ ...key, check: gone });
      checkLimit.remove({ ...key, check: gone });
    }
    checksSeen.set(idOf(key), current);
  }

  function setPhase(key: CanaryKey, status: CanaryStatus): void {
    for (const each of PHASES) {
      if (status.phase === undefined) phase.remove({ ...key, phase: each });
      else phase.set({ ...key, phase: each }, each === status.phase ? 1 : 0);
    }
  }

  function countTransitions(key: CanaryKey, before: Numbered, after: Numbered, now: Date): void {
    for (const counter of [started, promoted, rolledBack]) counter.inc(key, 0);
    if (rolloutStarted(before, after)) started.inc(key);
    const result = decisionOf(before, after);
    if (result === undefined) return;
    (result === 'promoted' ? promoted : rolledBack).inc(key);
    const startedAt = Date.parse(after.rolloutStartedAt ?? before.rolloutStartedAt ?? '');
    const seconds = (now.getTime() - startedAt) / 1000;
    if (Number.isFinite(seconds) && seconds >= 0) decision.observe({ result }, seconds);
  }

  return {
    registry,
    observeReconcile(key, before, after, now) {
      setPhase(key, after);
      weight.set(key, after.canaryWeight ?? 0);
      failedChecks.set(key, after.failedChecks ?? 0);
      setChecks(key, after);
      countTransitions(key, before, after, now);
    },
    forgetCanary(key) {
      for (const each of PHASES) phase.remove({ ...key, phase: each });
      for (const metric of [weight, failedChecks]) metric.remove(key);
      for (const metric of [started, promoted, rolledBack]) metric.remove(key);
      for (const check of checksSeen.get(idOf(key)) ?? []) {
        checkValue.remove({ ...key, check });
        checkLimit.remove({ ...key, check });
      }
      checksSeen.delete(idOf(key));
    },
    reconcileDuration: () => reconcile.startTimer(),
    setQueueDepth(depth) {
      depthOf = depth;
    },
    setQueueConcurrency(workers) {
      concurrency.set(workers);
    },
    countRetry() {
      retries.inc();
    },
    setCallsWaiting(system, waiting) {
      waitingOf.set(system, waiting);
    },
    countError(system, reason) {
      errors.inc({ system, reason: REASON_CODE.test(reason) ? reason : 'other' });
    },
    setLeader(isLeader) {
      leader.set(isLeader ? 1 : 0);
    },
  };
}

/**
 * A rollout started between `before` and `after`: a revision is under test and
 * its rollout number (or, without one, its start time) changed.
 */
export function rolloutStarted(before: Numbered, after: Numbered): boolean {
  if (!after.canaryRevision) return false;
  const renumbered = after.rolloutNumber !== undefined && after.rolloutNumber !== before.rolloutNumber;
  const restamped = after.rolloutStartedAt !== undefined && after.rolloutStartedAt !== before.rolloutStartedAt;
  return renumbered || restamped;
}

/** `promoted` on the transition into Succeeded, `rolled_back` into Failed, else undefined. */
export function decisionOf(before: CanaryStatus, after: CanaryStatus): DecisionResult | undefined {
  if (after.phase === before.phase) return undefined;
  if (after.phase === 'Succeeded') return 'promoted';
  if (after.phase === 'Failed') return 'rolled_back';
  return undefined;
}

/**
 * The one number a check's limit in words compares against (`CheckResult.limit`,
 * written by core/check-evaluation.ts's limitOf): `≥ 99 %` -> 99, `p99 ≤ 500 ms`
 * -> 500, `≤ 1.2× primary` -> 1.2. Undefined when there is no comparison or
 * more than one (`≥ 0.1 and ≤ 0.5`), so no series is made up.
 */
export function limitNumber(limit: string): number | undefined {
  const found = [...limit.matchAll(/(?:≥|≤|>=|<=|>|<|=)\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)/gi)];
  if (found.length !== 1) return undefined;
  const value = Number(found[0]![1]);
  return Number.isFinite(value) ? value : undefined;
}
