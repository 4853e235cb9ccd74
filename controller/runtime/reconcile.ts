import type { Logger } from 'pino';
import { checkCanaryName, parseCanarySpec, parseCanaryStatus } from '../schema/canary.js';
import { parseHandBackSpec } from '../schema/hand-back-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import { analysisDue, nextReconcileDelayMs } from '../core/analysis-plan.js';
import { setCondition } from '../core/conditions.js';
import type { Observations } from '../core/observations.js';
import { FINALIZER } from '../core/removal.js';
import { step } from '../core/step.js';
import { invalidSpec } from '../core/transition.js';
import { executeActions } from './execute-actions.js';
import { measureAnalysis } from './measure-analysis.js';
import type { CanaryIdentity, CanaryKey, Ports } from './ports.js';
import { sendNotifications, type SlackDefault } from './send-notifications.js';

export interface ReconcileDeps {
  ports: Ports;
  logger: Logger;
  clock: () => Date;
  slackDefault?: SlackDefault;
}

const RETRY_MS = 5_000;
const INVALID_RECHECK_MS = 60_000;

/**
 * One reconcile of one Canary: read, observe, measure when due, step,
 * execute, and write the status once. Returns when to look again.
 */
export async function reconcileCanary(deps: ReconcileDeps, key: CanaryKey): Promise<number | undefined> {
  const { ports } = deps;
  const log = deps.logger.child({ namespace: key.namespace, name: key.name });
  const found = await ports.cluster.getCanary(key);
  if (!found.ok) {
    log.warn({ error: found.error.message }, 'could not read the Canary');
    return RETRY_MS;
  }
  const resource = found.value;
  if (!resource) return undefined; // gone: its finalizer was released, owner references clean up the rest
  const canary: CanaryIdentity = { ...key, uid: resource.metadata.uid ?? '' };
  const generation = resource.metadata.generation ?? 0;
  const status = parseCanaryStatus(resource.status);
  const now = deps.clock();
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
      return released.ok ? undefined : RETRY_MS;
    }
    parsed = handBack;
  }
  if (!parsed.ok) {
    log.warn({ field: parsed.error.field, error: parsed.error.message }, 'invalid Canary spec');
    const transition = invalidSpec(status, parsed.error.message, generation, now);
    for (const action of transition.actions) if (action.type === 'recordEvent') await ports.cluster.recordEvent(canary, action);
    await writeIfChanged(ports, key, status, transition.status, log);
    return INVALID_RECHECK_MS;
  }
  const spec = parsed.spec;

  const workloads = await ports.cluster.observeWorkloads(key.namespace, spec.targetRef.name);
  if (!workloads.ok) return reportFailure(deps, canary, status, generation, now, 'ObservationFailed', workloads.error.message, log);
  const autoscaler = await ports.cluster.observeAutoscaler(key.namespace, spec.targetRef.name);
  if (!autoscaler.ok) return reportFailure(deps, canary, status, generation, now, 'ObservationFailed', autoscaler.error.message, log);
  const observations: Observations = {
    generation,
    annotations: resource.metadata.annotations ?? {},
    deleting,
    finalizer,
    ...workloads.value,
    ...(autoscaler.value ? { autoscaler: autoscaler.value } : {}),
  };
  if (!deleting && !spec.suspend) {
    const routing = await ports.cluster.observeVirtualServices(canary);
    if (!routing.ok) return reportFailure(deps, canary, status, generation, now, 'ObservationFailed', routing.error.message, log);
    observations.virtualServices = routing.value;
  }
  const revisionLog = log.child({ revision: status.canaryRevision ?? workloads.value.target.revision });
  if (analysisDue(spec, status, now) && !spec.suspend && !deleting) {
    observations.analysis = await measureAnalysis(ports, key, spec, status, workloads.value, now);
    for (const m of observations.analysis.measurements) if (m.kind === 'error') revisionLog.warn({ check: m.check, error: m.reason }, 'check could not be measured');
  }

  const transition = step({ canary: key, spec, status, observations, now });
  const selector = workloads.value.target.selector ?? {};
  const executed = await executeActions(ports, canary, spec, transition.actions, selector, revisionLog);
  if (!executed.ok) {
    const actionFailure = { action: executed.action, message: executed.message, since: status.actionFailure?.since ?? now.toISOString() };
    return reportFailure(deps, canary, { ...status, actionFailure }, generation, now, 'ActionFailed', `${executed.action} failed: ${executed.message}`, revisionLog, status);
  }
  if (transition.actions.some((a) => a.type === 'setFinalizer' && !a.present)) {
    revisionLog.info({ reason: transition.status.reason }, 'handed back; the Canary is removed');
    return undefined;
  }
  const written = await writeIfChanged(ports, key, status, transition.status, revisionLog);
  if (!written) return RETRY_MS;
  if (transition.status.phase !== status.phase) {
    revisionLog.info({ from: status.phase, to: transition.status.phase, reason: transition.status.reason }, 'phase changed');
  }
  void sendNotifications(ports, canary, spec, executed.notifications, deps.slackDefault, revisionLog).catch((error) =>
    revisionLog.error({ err: error }, 'sending notifications failed unexpectedly'),
  );
  return nextReconcileDelayMs(spec, transition.status, deps.clock());
}

/** A failure outside the core's decisions: Ready=False with the reason, an Event, a log line; retried. */
async function reportFailure(deps: ReconcileDeps, canary: CanaryIdentity, status: CanaryStatus, generation: number, now: Date, reason: string, message: string, log: Logger, before: CanaryStatus = status): Promise<number> {
  log.warn({ reason, error: message }, 'reconcile did not complete; retrying');
  const conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', reason, message }, generation, now.toISOString());
  await writeIfChanged(deps.ports, canary, before, { ...status, conditions }, log);
  await deps.ports.cluster.recordEvent(canary, { id: `${reason}:${status.canaryRevision ?? ''}:${message}`, eventType: 'Warning', reason, message });
  return RETRY_MS;
}

async function writeIfChanged(ports: Ports, key: CanaryKey, before: CanaryStatus, after: CanaryStatus, log: Logger): Promise<boolean> {
  if (JSON.stringify(before) === JSON.stringify(after)) return true;
  const written = await ports.cluster.writeStatus(key, after);
  if (!written.ok) log.warn({ error: written.error.message }, 'could not write the Canary status');
  return written.ok;
}
