import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryStatus, Condition, Phase } from '../schema/canary-status.js';
import type { Action } from './actions.js';
import { setCondition } from './conditions.js';
import { queueNotifications } from './outbox.js';
import type { Observations } from './observations.js';
import type { Stage } from './stages.js';

export interface Context {
  canary: { namespace: string; name: string };
  spec: CanarySpec;
  status: CanaryStatus;
  observations: Observations;
  now: Date;
  nowIso: string;
  stages: Stage[];
}

export interface Transition {
  status: CanaryStatus;
  actions: Action[];
}

type ConditionTriple = [Condition['status'], string, string];

const NOTIFIED_KEPT = 40;

/** Completes a step: conditions, observed generation, the ids of notifications now decided and the outbox that delivers them. */
export function finish(ctx: Context, status: CanaryStatus, actions: Action[], overrides: { ready?: ConditionTriple } = {}): Transition {
  const generation = ctx.observations.generation;
  const phase = status.phase ?? 'Initializing';
  const [readyStatus, readyReason, readyMessage] = overrides.ready ?? ['True', phase, status.reason ?? phase];
  const [promotedStatus, promotedReason] = promotedOf(phase);
  let conditions = setCondition(status.conditions, { type: 'Ready', status: readyStatus, reason: readyReason, message: readyMessage }, generation, ctx.nowIso);
  conditions = setCondition(conditions, { type: 'Promoted', status: promotedStatus, reason: promotedReason, message: status.reason ?? phase }, generation, ctx.nowIso);
  const sent = actions.flatMap((a) => (a.type === 'notify' ? [a.id] : []));
  const notified = sent.length > 0 ? [...(status.notified ?? []), ...sent].slice(-NOTIFIED_KEPT) : status.notified;
  // Decided notifications wait in the outbox until their channel accepts them (outbox.ts).
  const queued = queueNotifications(status.outbox, actions, ctx.nowIso);
  // A step that completes ends any run of failing actions (runtime/reconcile.ts records them).
  const { actionFailure: _ended, outbox: _before, ...rest } = status;
  const outbox = queued.outbox ? { outbox: queued.outbox } : {};
  return { status: { ...rest, observedGeneration: generation, conditions, ...outbox, notified }, actions: [...actions, ...queued.dropped] };
}

function promotedOf(phase: Phase): [Condition['status'], string] {
  switch (phase) {
    case 'Initialized':
    case 'Succeeded':
      return ['True', phase];
    case 'Failed':
      return ['False', 'RolledBack'];
    case 'Initializing':
      return ['Unknown', phase];
    case 'Terminating':
      return ['False', phase];
    default:
      return ['False', 'RolloutInProgress'];
  }
}

/** A spec that does not validate stops everything but the report of what is wrong. */
export function invalidSpec(status: CanaryStatus, message: string, generation: number, now: Date): Transition {
  const nowIso = now.toISOString();
  const conditions = setCondition(status.conditions, { type: 'Ready', status: 'False', reason: 'InvalidSpec', message }, generation, nowIso);
  const event: Action = { type: 'recordEvent', id: `invalid-spec:${generation}`, eventType: 'Warning', reason: 'InvalidSpec', message };
  return { status: { ...status, observedGeneration: generation, conditions, reason: message }, actions: [event] };
}
