import type { Logger } from 'pino';
import { checkCanaryName, parseCanarySpec } from '../schema/canary.js';
import { parseHandBackSpec } from '../schema/hand-back-spec.js';
import type { CanarySpec } from '../schema/canary-spec.js';
import { systemOfCheck, type MetricSystem } from '../schema/checks.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import { analysisDue, nextReconcileDelayMs } from '../core/analysis-plan.js';
import { setCondition } from '../core/conditions.js';
import type { Observations } from '../core/observations.js';
import { FINALIZER } from '../core/removal.js';
import { step } from '../core/step.js';
import { holdUnreadableStatus, readCanaryStatus, statusRepairEvents } from '../core/status-reading.js';
import { invalidSpec } from '../core/transition.js';
import { executeActions } from './execute-actions.js';
import { measureAnalysis } from './measure-analysis.js';
import type { CanaryIdentity, CanaryKey, Ports } from './ports.js';
import { dueEntries, nextDeliveryDelayMs, settleOutbox } from '../core/outbox.js';
import { deliverOutbox } from './deliver-outbox.js';
import type { NotifierChannel } from './notifiers/notifier.js';
import { RETRY, type WorkResult } from './work-queue.js';

/** What a reconcile tells whoever watches it (metrics); every method is optional to call and never throws. */
export interface ReconcileObserver {
  /** A reconcile that wrote (or kept) `after` from `before`. */
  reconciled(key: CanaryKey, before: CanaryStatus, after: CanaryStatus, now: Date): void;
  /** The Canary is gone. */
  removed(key: CanaryKey): void;
  /** A reconcile that could not complete, by the system at fault and a short reason code. */
  failed(system: 'kubernetes' | MetricSystem | NotifierChannel, reason: string): void;
}

export interface ReconcileDeps {
  ports: Ports;
  logger: Logger;
  clock: () => Date;
  observer?: ReconcileObserver;
}

/** A status write that lost to another writer: read again at once. */
const CONFLICT_RETRY_MS = 0;
const INVALID_RECHECK_MS = 60_000;

/**
 * One reconcile of one Canary: read, observe, measure when due, step,
 * execute, and write the status once. Returns when to look again (ms;
 * undefined: only when something changes; RETRY: it failed, try again with
 * the key's backoff). `again`: whether a reconcile that
 * only added the finalizer may run once more at once (internal).
 */
export async function reconcileCanary(deps: ReconcileDeps, key: CanaryKey, again = true): Promise<WorkResult> {
  const { ports } = deps;
  const log = deps.logger.child({ namespace: key.namespace, name: key.name });
  const found = await ports.cluster.getCanary(key);
  if (!found.ok) {
    log.warn({ error: found.error.message }, 'could not read the Canary');
    deps.observer?.failed('kubernetes', found.error.code);
    return RETRY;
  }
  const resource = found.value;
  if (!resource) {
    deps.observer?.removed(key); // gone: its finalizer was released, owner references clean up the rest
    return undefined;
  }
  const resourceVersion = resource.metadata.resourceVersion ?? '';
  const canary: CanaryIdentity = { ...key, uid: resource.metadata.uid ?? '' };
  const generation = resource.metadata.generation ?? 0;
  const now = deps.clock();
  const reading = readCanaryStatus(resource.status);
  if (reading.kind === 'hold') {
    // A status that does not parse is never taken for none: nothing is decided until a person corrects it.
    const held = holdUnreadableStatus(reading, key, generation, now);
    log.warn({ fields: reading.problems.map((p) => p.field), error: held.actions[0]?.message }, 'Canary status does not parse; holding');
    for (const action of held.actions) await ports.cluster.recordEvent(canary, action);
    deps.observer?.failed('kubernetes', 'StatusUnreadable');
    if (!held.status) return INVALID_RECHECK_MS;
    // Written back as stored but for the condition; the type cannot describe the field that did not parse.
    const written = await writeIfChanged(ports, key, resourceVersion, reading.stored as CanaryStatus, held.status as CanaryStatus, log);
    return written.ok || !written.conflict ? INVALID_RECHECK_MS : CONFLICT_RETRY_MS;
  }
  const status = reading.status;
  for (const action of statusRepairEvents(reading.repairs)) {
    log.warn({ fields: reading.repairs.map((r) => r.field), error: action.message }, 'Canary status repaired');
    await ports.cluster.recordEvent(canary, action);
  }
  /** What the stored status is compared with before writing: a repaired status is written even when nothing else changed. */
  const stored: CanaryStatus | undefined = reading.repairs.length === 0 ? status : undefined;
  const deleting = resource.metadata.deletionTimestamp !== undefined;
  const finalizer = (resource.metadata.finalizers ?? []).includes(FINALIZER);

  const named = checkCanaryName(key.name);
  let parsed = named.ok ? parseCanarySpec(resource.spec) : named;
  if (!parsed.ok && deleting && finalizer) {
    // Removal needs only the target and the Services: a spec invalid elsewhere is still handed back.
    const handBack = parseHandBackSpec(resource.spec);
    log.warn({ field: parsed.error.field, error: parsed.error.message, handBack: handBack.ok }, 'invalid Canary spec while deleting');
    if (!handBack.ok) {
      // No target to hand back to can be named: let the deletion finish.
      await ports.cluster.recordEvent(canary, { id: `hand-back-skipped:${generation}`, eventType: 'Warning', reason: 'HandBackSkipped', message: `removed without hand-back: ${handBack.error.message}` });
      const released = await ports.cluster.setFinalizer(key, false);
      return released.ok ? undefined : RETRY;
    }
    parsed = handBack;
  }
  if (!parsed.ok) {
    log.warn({ field: parsed.error.field, error: parsed.error.message }, 'invalid Canary spec');
    const transition = invalidSpec(status, parsed.error.message, generation, now);
    for (const action of transition.actions) if (action.type === 'recordEvent') await ports.cluster.recordEvent(canary, action);
    const written = await writeIfChanged(ports, key, resourceVersion, stored, transition.status, log);
    deps.observer?.reconciled(key, status, transition.status, now);
    return written.ok || !written.conflict ? INVALID_RECHECK_MS : CONFLICT_RETRY_MS;
  }
  const spec = parsed.spec;

  const workloads = await ports.cluster.observeWorkloads(key.namespace, spec.targetRef.name);
  const failure = { deps, canary, resourceVersion, status, generation, now };
  if (!workloads.ok) return reportFailure(failure, 'ObservationFailed', workloads.error.message, log);
  const autoscaler = await ports.cluster.observeAutoscaler(key.namespace, spec.targetRef.name);
  if (!autoscaler.ok) return reportFailure(failure, 'ObservationFailed', autoscaler.error.message, log);
  const observations: Observations = {
    generation,
    annotations: resource.metadata.annotations ?? {},
    deleting,
    finalizer,
    ...workloads.value,
    ...(autoscaler.value ? { autoscaler: autoscaler.value } : {}),
  };
  if (!deleting && !spec.suspend) {
    const routing = await ports.cluster.observeRoutes(canary, spec);
    if (!routing.ok) return reportFailure(failure, 'ObservationFailed', routing.error.message, log);
    observations.virtualServices = routing.value;
  }
  const revisionLog = log.child({ revision: status.canaryRevision ?? workloads.value.target.revision });
  if (analysisDue(spec, status, now) && !spec.suspend && !deleting) {
    observations.analysis = await measureAnalysis(ports, key, spec, status, workloads.value, now);
    for (const m of observations.analysis.measurements) {
      if (m.kind !== 'error') continue;
      revisionLog.warn({ check: m.check, error: m.reason }, 'check could not be measured');
      const check = spec.analysis.checks.find((c) => c.name === m.check);
      // Charged to the system the check reads (schema/checks.ts, systemOfCheck).
      if (check) deps.observer?.failed(systemOfCheck(check), 'unmeasurable');
    }
  }

  const transition = step({ canary: key, spec, status, observations, now });
  const selector = workloads.value.target.selector ?? {};
  const executed = await executeActions(ports, canary, spec, transition.actions, selector, revisionLog);
  if (!executed.ok) {
    const actionFailure = { action: executed.action, message: executed.message, since: status.actionFailure?.since ?? now.toISOString() };
    return reportFailure({ ...failure, status: { ...status, actionFailure } }, 'ActionFailed', `${executed.action} failed: ${executed.message}`, revisionLog, status);
  }
  if (again && transition.actions.some((a) => a.type === 'setFinalizer' && a.present)) {
    // Adding the finalizer moved the resourceVersion this status would be written over: read it
    // again and carry on now, rather than lose the write to a conflict and wait a whole queue's turn.
    return reconcileCanary(deps, key, false);
  }
  if (transition.actions.some((a) => a.type === 'setFinalizer' && !a.present)) {
    // No status is left to keep the outbox in: one delivery, best effort.
    await deliverOutbox(ports.notifiers, canary, spec, transition.status.outbox ?? [], revisionLog);
    revisionLog.info({ reason: transition.status.reason }, 'handed back; the Canary is removed');
    deps.observer?.removed(key);
    return undefined;
  }
  // The status (with the outbox) is written before anything is sent, and only over what was read.
  const written = await writeIfChanged(ports, key, resourceVersion, stored, transition.status, revisionLog);
  if (!written.ok) return written.conflict ? CONFLICT_RETRY_MS : RETRY;
  deps.observer?.reconciled(key, status, transition.status, now);
  if (transition.status.phase !== status.phase) {
    revisionLog.info({ from: status.phase, to: transition.status.phase, reason: transition.status.reason }, 'phase changed');
  }
  const settled = await deliverAndSettle(deps, canary, spec, transition.status, written.resourceVersion, revisionLog);
  const next = nextReconcileDelayMs(spec, transition.status, deps.clock(), key);
  const delivery = nextDeliveryDelayMs(settled, deps.clock());
  if (delivery === undefined) return next;
  return Math.min(next ?? Infinity, Math.max(delivery, 1_000));
}

/**
 * Delivers the outbox of the status just written and writes what became of
 * it. A conflict on that write re-reads the Canary and settles its current
 * outbox (up to 3 times), so a message a channel accepted is not sent again
 * because someone else wrote the Canary meanwhile. Answers the status as
 * last known.
 */
async function deliverAndSettle(deps: ReconcileDeps, canary: CanaryIdentity, spec: CanarySpec, status: CanaryStatus, resourceVersion: string, log: Logger): Promise<CanaryStatus> {
  const due = dueEntries(status, deps.clock());
  if (due.length === 0) return status;
  const { deliveries, failures } = await deliverOutbox(deps.ports.notifiers, canary, spec, due, log);
  for (const f of failures) deps.observer?.failed(f.channel, f.outcome);
  let current = { status, resourceVersion };
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const settled = settleOutbox(current.status, deliveries, deps.clock());
    // Events first (named by id, so a repeat is one Event): once the entry leaves the outbox, nothing would say it failed.
    for (const event of settled.actions) {
      const recorded = await deps.ports.cluster.recordEvent(canary, event);
      if (!recorded.ok) log.warn({ reason: event.reason, error: recorded.error.message }, 'could not record event');
    }
    const written = await writeIfChanged(deps.ports, canary, current.resourceVersion, current.status, settled.status, log);
    if (written.ok) return settled.status;
    if (!written.conflict) break;
    const fresh = await deps.ports.cluster.getCanary(canary);
    if (!fresh.ok || !fresh.value) break;
    const reread = readCanaryStatus(fresh.value.status);
    if (reread.kind === 'hold') break; // the next reconcile holds it
    current = { status: reread.status, resourceVersion: fresh.value.metadata.resourceVersion ?? '' };
  }
  log.warn({ waiting: due.map((e) => e.id) }, 'could not record the delivered notifications; the next reconcile delivers what is still in the outbox');
  return status;
}

interface FailureContext {
  deps: ReconcileDeps;
  canary: CanaryIdentity;
  resourceVersion: string;
  status: CanaryStatus;
  generation: number;
  now: Date;
}

/** A failure outside the core's decisions: Ready=False with the reason, an Event, a log line; retried. */
async function reportFailure(ctx: FailureContext, reason: string, message: string, log: Logger, before: CanaryStatus = ctx.status): Promise<WorkResult> {
  const { deps, canary, status } = ctx;
  log.warn({ reason, error: message }, 'reconcile did not complete; retrying');
  deps.observer?.failed('kubernetes', reason);
  const conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', reason, message }, ctx.generation, ctx.now.toISOString());
  const written = await writeIfChanged(deps.ports, canary, ctx.resourceVersion, before, { ...status, conditions }, log);
  await deps.ports.cluster.recordEvent(canary, { id: `${reason}:${status.canaryRevision ?? ''}:${message}`, eventType: 'Warning', reason, message });
  return written.ok || !written.conflict ? RETRY : CONFLICT_RETRY_MS;
}

type Written = { ok: true; resourceVersion: string } | { ok: false; conflict: boolean };

/** Writes `after` when it differs from `before` (undefined: always), conditioned on `resourceVersion`. */
async function writeIfChanged(ports: Ports, key: CanaryKey, resourceVersion: string, before: CanaryStatus | undefined, after: CanaryStatus, log: Logger): Promise<Written> {
  if (before !== undefined && JSON.stringify(before) === JSON.stringify(after)) return { ok: true, resourceVersion };
  const written = await ports.cluster.writeStatus(key, after, resourceVersion);
  if (written.ok) return { ok: true, resourceVersion: written.value.resourceVersion };
  const conflict = written.error.code === 'conflict';
  if (conflict) log.info('the Canary changed since it was read; reconciling again');
  else log.warn({ error: written.error.message }, 'could not write the Canary status');
  return { ok: false, conflict };
}
