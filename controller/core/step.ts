import type { CanarySpec } from '../schema/canary-spec.js';
import { primaryWorkloadName } from '../schema/generated-names.js';
import type { CanaryStatus, CheckResult, Phase } from '../schema/canary-status.js';
import { ALL_TO_PRIMARY, type Action, type Routes } from './actions.js';
import { assertNever, evaluateCheck } from './check-evaluation.js';
import { finish, type Context, type Transition } from './transition.js';
import { drainMsOf, intervalMsOf, planStages } from './stages.js';
import { analysisCondition, closeStage, unmeasurableEvents } from './analysis-outcome.js';
import { notifyOnce, rolloutRef, sentryMarker, topIssueOf } from './rollout-notices.js';
import { holdReason } from './stage-hold.js';
import type { Observations } from './observations.js';
import { removal } from './removal.js';
import { rolloutId } from './rollout-id.js';
import { endingWithReach, reachAtEnd, reachSentence, recordBlastRadius } from './blast-radius.js';
import { reachMeasuredSince } from './analysis-plan.js';
import { DRAIN_MARK, withoutDrainNote } from './drain-note.js';
import { recordProgress } from './rollout-progress.js';
import { retryRequested } from './retry-request.js';
import { requestNamesRollout } from './rollout-request.js';
import { describeConflicts, routeConflicts, type RouteConflict } from './route-conflicts.js';
import { primaryReplicas, replicasChangedEvent, replicasFromGit, replicasOf, runCanary } from './scaling.js';

export type { Transition } from './transition.js';

export interface StepInput {
  canary: { namespace: string; name: string };
  spec: CanarySpec;
  status: CanaryStatus;
  observations: Observations;
  now: Date;
}

export const ANNOTATIONS = {
  /** `true` holds the rollout where it is: a running stage stays Progressing with its clock stopped (paused()). */
  paused: 'songbird.dev/paused',
  /**
   * Promote / abort (roll back) the running rollout when the value names it: its rollout id
   * `<revision>#<rolloutNumber>`, or the revision alone for the revision's first rollout only
   * (rollout-request.ts), so a request left behind never ends a retry of the same revision.
   */
  promote: 'songbird.dev/promote',
  abort: 'songbird.dev/abort',
  /**
   * Runs a rolled-back revision again (Argo Rollouts' `retry`): when the Canary is Failed and the
   * target still runs status.failedRevision, a value naming the failed rollout's id
   * (`<revision>#<rolloutNumber>`) or, once, the revision alone starts a new rollout of it
   * (retry-request.ts); a retry that fails again is not retried by the annotation left in place.
   */
  retry: 'songbird.dev/retry',
} as const;

/**
 * The rollout as a pure state machine: spec, status and what was observed
 * give the next status and the actions that make it true. The runtime writes
 * the status only once the actions took effect.
 *
 *   Initializing → Initialized → (new revision) Waiting → Progressing ─┬→ Promoting → Finalising → Succeeded
 *                                                 ↑ paused / scaling  └→ Failed (rolled back)
 *   Succeeded | Failed | Initialized → Waiting when a new revision appears.
 *
 * A step that moves routes away from the canary never scales it to zero too: Initialized, Finalising
 * and Failed keep its pods until the routes have led to the primary for a drain period (drained()).
 */
export function step(input: StepInput): Transition {
  const ctx: Context = { ...input, stages: planStages(input.spec), nowIso: input.now.toISOString() };
  if (input.observations.deleting) return removal(ctx);
  const next = input.spec.suspend
    ? finish(ctx, input.status, [], { ready: ['True', 'Suspended', 'spec.suspend is true: Songbird freezes this Canary (routes and replicas stay as they are) until it is false'] })
    : byPhase(ctx);
  const recorded = input.spec.suspend ? next.status : recordProgress(input.status, next.status, ctx.nowIso);
  // A deleted target cannot be scaled; a target is scaled only from what was observed, so replicas
  // Git sets meanwhile are seen, not overwritten; the finalizer comes before anything is created.
  const { target } = input.observations;
  const actions = next.actions
    .filter((a) => a.type !== 'scaleCanary' || target.exists)
    .map((a): Action => (a.type === 'scaleCanary' ? { ...a, from: target.replicas } : a));
  if (input.observations.finalizer === false) actions.unshift({ type: 'setFinalizer', present: true });
  return { status: recorded, actions };
}

function byPhase(ctx: Context): Transition {
  const phase: Phase = ctx.status.phase ?? 'Initializing';
  switch (phase) {
    case 'Initializing':
      return initializing(ctx);
    case 'Initialized':
    case 'Succeeded':
    case 'Failed':
      return idle(ctx);
    case 'Waiting':
      return waiting(ctx);
    case 'Progressing':
      return progressing(ctx);
    case 'Promoting':
      return promoting(ctx);
    case 'Finalising':
      return finalising(ctx);
    case 'Terminating': // deletion was cancelled (the finalizer stays): back to where a rollout can start
      return idle(ctx);
    default:
      return assertNever(phase);
  }
}

function initializing(ctx: Context): Transition {
  const { target, primary } = ctx.observations;
  if (!target.exists || !target.template || !target.revision) return targetMissing(ctx);
  const replicas = ctx.status.replicas ?? (target.replicas > 0 ? target.replicas : 1);
  const sized = { ...ctx, status: { ...ctx.status, replicas } };
  // Routes (and an adopted Service) move to the primary only once it serves, so no request meets an empty primary.
  const actions: Action[] = [{ type: 'ensurePrimary', template: target.template, revision: target.revision, replicas: primaryReplicas(sized) }];
  if (!(primary.exists && primary.revision === target.revision && primary.available)) {
    const reason = `waiting for ${primaryName(ctx)} to become available with revision ${target.revision}`;
    return finish(ctx, { ...ctx.status, phase: 'Initializing', replicas, reason }, actions);
  }
  // The target keeps its pods while the adopted Service's selector and the routes drain (idle scales it to zero).
  actions.push({ type: 'setRoutes', routes: ALL_TO_PRIMARY }, autoscalerAction(ctx));
  const reason = `${primaryName(ctx)} serves revision ${target.revision}; all traffic goes to the primary`;
  const patch = { replicas, lastPromotedRevision: target.revision, ...routesOf(ALL_TO_PRIMARY) };
  return transition(ctx, 'Initialized', reason, patch, actions, { drainNote: canaryHasPods(ctx) ? drainNote(ctx) : '' });
}

function idle(ctx: Context): Transition {
  const { target, primary } = ctx.observations;
  if (!target.exists || !target.revision) return targetMissing(ctx);
  const revision = target.revision;
  const settled = revision === ctx.status.lastPromotedRevision || revision === ctx.status.failedRevision;
  const fromGit = replicasFromGit(ctx, 0);
  const resized = fromGit === undefined ? ctx : { ...ctx, status: { ...ctx.status, replicas: fromGit } };
  const conflicts = routeConflicts(ctx);
  if (!settled && conflicts.length === 0) return startRollout(resized, `new revision ${revision} of ${ctx.spec.targetRef.name}`);
  if (retryRequested(ctx.status, revision, ctx.observations.annotations[ANNOTATIONS.retry]) && conflicts.length === 0) {
    const why = `retry of revision ${revision} (rollout ${rolloutId(ctx.status)}) requested (${ANNOTATIONS.retry})`;
    return startRollout({ ...resized, status: { ...resized.status, failedRevision: undefined } }, why);
  }
  const actions: Action[] = [{ type: 'setRoutes', routes: ALL_TO_PRIMARY }];
  const last = ctx.status.lastPromotedRevision;
  // The primary runs the last promoted template, whatever a failed promotion left behind.
  if (primary.exists && last && primary.revision !== last) actions.push({ type: 'revertPrimary', revision: last });
  else if (fromGit !== undefined) actions.push({ type: 'scalePrimary', replicas: fromGit });
  const draining = DRAINING_IDLE.has(ctx.status.phase ?? 'Initializing') && canaryHasPods(ctx) && !drained(ctx);
  actions.push(autoscalerAction(ctx));
  if (!draining) actions.push({ type: 'scaleCanary', replicas: 0 });
  if (fromGit !== undefined) actions.push(replicasChangedEvent(ctx, fromGit));
  if (conflicts.length > 0) {
    const held = settled ? 'the next rollout waits until it is resolved' : `revision ${revision} will not be rolled out until it is resolved`;
    const pending = { ...resized, status: { ...resized.status, canaryRevision: revision } };
    const notice = settled ? undefined : notifyOnce(pending, 'route-conflict-before-start', {
      kind: 'halted',
      state: 'halted',
      rollout: rolloutRef(pending),
      reason: `revision ${revision} is not rolled out: route conflict: ${describeConflicts(conflicts)}`,
      unblock: conflicts.map((c) => c.change).join('; '),
    });
    return conflictReport(resized, conflicts, notice ? [...actions, notice] : actions, held);
  }
  const base = withoutDrainNote(resized.status.reason);
  return finish(resized, { ...resized.status, reason: draining ? `${base ?? ''}${drainNote(ctx)}` : base }, actions);
}

function startRollout(ctx: Context, why: string): Transition {
  const revision = ctx.observations.target.revision!;
  const first = ctx.stages[0];
  const fresh: CanaryStatus = {
    ...ctx.status,
    canaryRevision: revision,
    rolloutStartedAt: ctx.nowIso,
    rolloutNumber: (ctx.status.rolloutNumber ?? 0) + 1,
    stageIndex: 0,
    stageName: first?.name,
    stageStartedAt: ctx.nowIso,
    lastAnalysisAt: undefined,
    failedChecks: 0,
    checks: [],
    comparisons: [],
    internalRequests: 0,
    canaryRequests: 0,
    blastRadius: undefined,
    timeline: [],
    ...routesOf(ALL_TO_PRIMARY),
  };
  const next = { ...ctx, status: fresh };
  const actions: Action[] = [...sentryMarker(next, 'canary'), notifyOnce(next, 'rolloutStarted', {
    kind: 'rolloutStarted',
    rollout: rolloutRef(next),
    fromRevision: ctx.status.lastPromotedRevision ?? 'none',
    stages: ctx.spec.skipAnalysis ? ['promote at once (skipAnalysis)'] : ctx.stages.map((s) => s.name),
  })].filter(isAction);
  if (ctx.spec.skipAnalysis || !first) {
    return transition(next, 'Promoting', `${why}: promoting without analysis`, {}, actions);
  }
  actions.push(...runCanary(next), { type: 'setRoutes', routes: ALL_TO_PRIMARY });
  return transition(next, 'Waiting', `${why}: waiting for the canary pods to become available`, {}, actions);
}

function waiting(before: Context): Transition {
  const interrupt = interruptions(before);
  if (interrupt) return interrupt;
  const { ctx, resize } = followGit(withinStages(before));
  const { target } = ctx.observations;
  const routes = currentRoutes(ctx.status);
  const actions: Action[] = [...runCanary(ctx), ...resize, { type: 'setRoutes', routes }];
  if (isPaused(ctx)) return paused(ctx, actions);
  const conflicts = routeConflicts(ctx);
  if (conflicts.length > 0) return conflictHold(ctx, conflicts, actions);
  if (target.available && target.replicas > 0) {
    const stage = ctx.stages[ctx.status.stageIndex ?? 0]!;
    const reason = `canary revision ${ctx.status.canaryRevision} is available; stage ${stage.name} begins`;
    const patch = { stageStartedAt: ctx.nowIso, ...routesOf(stage.routes) };
    return transition(ctx, 'Progressing', reason, patch, [...actions.filter((a) => a.type !== 'setRoutes'), { type: 'setRoutes', routes: stage.routes }]);
  }
  if (pastDeadline(ctx, Date.parse(ctx.status.stageStartedAt ?? ctx.nowIso))) {
    return rollback(ctx, `the canary Deployment ${ctx.spec.targetRef.name} did not become available within ${ctx.spec.progressDeadlineSeconds}s`);
  }
  return finish(ctx, { ...ctx.status, reason: `waiting for the canary pods of revision ${ctx.status.canaryRevision} to become available` }, actions);
}

function progressing(before: Context): Transition {
  const interrupt = interruptions(before);
  if (interrupt) return interrupt;
  const { ctx, resize } = followGit(withinStages(before));
  const index = ctx.status.stageIndex ?? 0;
  const stage = ctx.stages[index];
  if (!stage) return transition(ctx, 'Promoting', 'every stage passed', {}, []);
  const actions: Action[] = [...runCanary(ctx), ...resize, { type: 'setRoutes', routes: stage.routes }];
  if (isPaused(ctx)) return paused(ctx, actions);
  const conflicts = routeConflicts(ctx);
  if (conflicts.length > 0) return conflictHold(ctx, conflicts, actions);
  if (requestNamesRollout(ctx.status, ctx.observations.annotations[ANNOTATIONS.promote])) {
    return transition(ctx, 'Promoting', `promoted by request (${ANNOTATIONS.promote}) at stage ${stage.name}`, {}, actions);
  }
  const analysis = ctx.observations.analysis;
  if (!analysis) return holdOrExpire(ctx, actions, ctx.status.checks ?? []);
  const earlier = (name: string) => ctx.status.comparisons?.find((c) => c.check === name)?.stages ?? [];
  const results = ctx.spec.analysis.checks.map((check) =>
    evaluateCheck(check, analysis.measurements.find((m) => m.check === check.name), ctx.nowIso, earlier(check.name)),
  );
  const failed = results.filter((r) => r.outcome === 'fail' || r.outcome === 'error');
  const failedChecks = (ctx.status.failedChecks ?? 0) + failed.length;
  const measured: CanaryStatus = {
    ...ctx.status,
    checks: results,
    failedChecks,
    lastAnalysisAt: ctx.nowIso,
    internalRequests: stage.routes.canaryWeight === 0 ? analysis.canaryRequestsInStage : ctx.status.internalRequests,
    canaryRequests: analysis.canaryRequestsInRollout,
    blastRadius: recordBlastRadius(ctx.status, analysis.blastRadius, ctx.nowIso, analysis.canaryRequestsInRollout),
  };
  const next = { ...ctx, status: { ...measured, conditions: analysisCondition(ctx, results) } };
  actions.push(...unmeasurableEvents(ctx, results));
  if (failedChecks >= ctx.spec.analysis.threshold) {
    const worst = failed[failed.length - 1]!;
    return rollback(next, `${worst.message}; ${failedChecks} failed check${failedChecks === 1 ? '' : 's'} reached the threshold of ${ctx.spec.analysis.threshold}`, worst);
  }
  const elapsed = ctx.now.getTime() - Date.parse(ctx.status.stageStartedAt ?? ctx.nowIso);
  const ready = results.every((r) => r.outcome === 'pass') && elapsed >= stage.minDurationMs && analysis.canaryRequestsInStage >= stage.minRequests;
  if (!ready) return holdOrExpire(next, actions, results);
  return advance({ ...next, status: { ...next.status, comparisons: closeStage(ctx.status.comparisons ?? [], analysis.measurements) } }, results);
}

function advance(ctx: Context, results: CheckResult[]): Transition {
  const index = (ctx.status.stageIndex ?? 0) + 1;
  const done = ctx.stages[index - 1]!;
  const stage = ctx.stages[index];
  if (!stage) {
    return transition(ctx, 'Promoting', `every stage passed (last: ${done.name}); promoting revision ${ctx.status.canaryRevision}`, {}, []);
  }
  const patch = { stageIndex: index, stageName: stage.name, stageStartedAt: ctx.nowIso, ...routesOf(stage.routes) };
  const next = { ...ctx, status: { ...ctx.status, ...patch } };
  const notice = notifyOnce(next, `stage-${index}`, {
    kind: 'stageAdvanced',
    rollout: rolloutRef(next),
    stage: stage.name,
    canaryWeight: stage.routes.canaryWeight,
    internalToCanary: stage.routes.internalToCanary,
    checks: results,
  });
  const actions: Action[] = [{ type: 'setRoutes', routes: stage.routes }, ...runCanary(ctx)];
  if (notice) actions.push(notice);
  return transition(next, 'Progressing', `stage ${done.name} passed; stage ${stage.name} begins`, {}, actions);
}

function promoting(ctx: Context): Transition {
  const { target, primary } = ctx.observations;
  if (!target.exists || !target.template) return targetGone(ctx);
  if (target.revision && target.revision !== ctx.status.canaryRevision) return restart(ctx);
  const revision = ctx.status.canaryRevision!;
  const failing = failingTooLong(ctx);
  if (failing) return rollback(ctx, failing, undefined, revertToLastPromoted(ctx));
  const actions: Action[] = [
    { type: 'ensurePrimary', template: target.template, revision, replicas: primaryReplicas(ctx) },
    { type: 'setRoutes', routes: currentRoutes(ctx.status) },
  ];
  if (primary.revision === revision && primary.available) {
    const routes = ALL_TO_PRIMARY;
    const reason = `${primaryName(ctx)} runs revision ${revision} and is available; traffic returns to the primary`;
    // The canary keeps its pods while the routes drain; finalising() scales it to zero afterwards.
    return transition(ctx, 'Finalising', reason, routesOf(routes), [{ type: 'setRoutes', routes }]);
  }
  if (pastDeadline(ctx, Date.parse(ctx.status.lastTransitionTime ?? ctx.nowIso))) {
    const last = ctx.status.lastPromotedRevision;
    const back = last ? `; ${primaryName(ctx)} is reverted to the last promoted revision ${last}` : '';
    return rollback(ctx, `${primaryName(ctx)} did not become available with revision ${revision} within ${ctx.spec.progressDeadlineSeconds}s${back}`, undefined, revertToLastPromoted(ctx));
  }
  return finish(ctx, { ...ctx.status, reason: `waiting for ${primaryName(ctx)} to roll out revision ${revision}` }, actions);
}

function finalising(before: Context): Transition {
  const ctx = withFinalReach(before);
  const routes: Action = { type: 'setRoutes', routes: ALL_TO_PRIMARY };
  if (canaryHasPods(ctx) && !drained(ctx)) {
    const reason = `all traffic goes to ${primaryName(ctx)} since ${ctx.status.lastTransitionTime}; draining for ${drainMsOf(ctx.spec) / 1000}s before the canary is scaled to zero`;
    return finish(ctx, { ...ctx.status, reason }, [routes]);
  }
  const actions: Action[] = [routes, { type: 'scaleCanary', replicas: 0 }];
  if (canaryHasPods(ctx)) {
    return finish(ctx, { ...ctx.status, reason: 'scaling the canary to zero' }, actions);
  }
  const revision = ctx.status.canaryRevision!;
  const started = Date.parse(ctx.status.rolloutStartedAt ?? ctx.nowIso);
  // Exact when measured after the routes left the canary (analysisDue in Finalising), else the last analysis's "at least".
  const reach = reachAtEnd(ctx.status.blastRadius, reachMeasuredSince(ctx.status, Date.parse(ctx.status.lastTransitionTime ?? '')));
  const notice = notifyOnce(ctx, 'promoted', {
    kind: 'promoted',
    rollout: rolloutRef(ctx),
    durationMs: ctx.now.getTime() - started,
    canaryRequests: Math.round(ctx.status.canaryRequests ?? 0),
    ...(reach ? { reach } : {}),
  });
  const reason = `revision ${revision} promoted: ${primaryName(ctx)} serves all traffic and the canary is scaled to zero; ${reachSentence(reach)}`;
  const done = [...actions, ...sentryMarker(ctx, 'production'), notice].filter(isAction);
  return transition(ctx, 'Succeeded', reason, { lastPromotedRevision: revision, ...routesOf(ALL_TO_PRIMARY) }, done);
}

/** Abort requests and newer revisions interrupt Waiting and Progressing alike. */
function interruptions(ctx: Context): Transition | undefined {
  const { target } = ctx.observations;
  if (!target.exists) return targetGone(ctx);
  if (target.revision && target.revision !== ctx.status.canaryRevision) return restart(ctx);
  if (requestNamesRollout(ctx.status, ctx.observations.annotations[ANNOTATIONS.abort])) {
    return rollback(ctx, `aborted by request (${ANNOTATIONS.abort})`);
  }
  const failing = failingTooLong(ctx);
  if (failing) return rollback(ctx, failing);
  return undefined;
}

function restart(ctx: Context): Transition {
  const old = ctx.status.canaryRevision;
  const revision = ctx.observations.target.revision!;
  const started = startRollout(ctx, `revision ${revision} superseded ${old} mid-rollout; the analysis restarts`);
  return started;
}

function holdOrExpire(ctx: Context, actions: Action[], results: CheckResult[]): Transition {
  const stage = ctx.stages[ctx.status.stageIndex ?? 0]!;
  const started = Date.parse(ctx.status.stageStartedAt ?? ctx.nowIso);
  const hold = holdReason(ctx, results);
  if (pastDeadline(ctx, started + stage.minDurationMs)) {
    return rollback(ctx, `stage ${stage.name} made no progress within ${ctx.spec.progressDeadlineSeconds}s: ${hold.why}`);
  }
  const starved = hold.cause !== 'other' && ctx.now.getTime() - started > stage.minDurationMs + intervalMsOf(ctx.spec);
  const deadline = `without it the rollout fails ${ctx.spec.progressDeadlineSeconds}s after the stage's minimum duration`;
  const unblock = hold.cause === 'noData'
    ? `the checks that returned no data must return some (check their queries and the metrics they read); ${deadline}`
    : `traffic must reach the canary (check the ${stage.routes.canaryWeight === 0 ? 'internal users\' match' : 'routes'}); ${deadline}`;
  const notice = starved ? notifyOnce(ctx, `waiting-${ctx.status.stageIndex ?? 0}`, {
    kind: 'halted',
    state: 'waiting',
    rollout: rolloutRef(ctx),
    reason: `stage ${stage.name} is holding: ${hold.why}`,
    unblock,
  }) : undefined;
  return finish(ctx, { ...ctx.status, reason: `holding stage ${stage.name}: ${hold.why}` }, notice ? [...actions, notice] : actions);
}

function rollback(ctx: Context, why: string, failing?: CheckResult, extra: Action[] = []): Transition {
  const stage = ctx.status.stageName ?? 'start';
  // Measured now when this step's analysis counted it (a rollback from Progressing); else the last value, "at least".
  const reach = reachAtEnd(ctx.status.blastRadius, reachMeasuredSince(ctx.status, ctx.now.getTime()));
  const reason = endingWithReach(rolledBackHead(ctx), why, reach);
  const notice = notifyOnce(ctx, 'rolledBack', {
    kind: 'rolledBack',
    rollout: rolloutRef(ctx),
    reason,
    ...(reach ? { reach } : {}),
    failingCheck: failing,
    topIssue: failing ? topIssueOf(ctx, failing.name) : undefined,
    stage,
  });
  // Routes leave the canary; a primary that a failed promotion changed is reverted. The canary keeps
  // its pods while the routes drain: idle() in Failed scales it to zero afterwards.
  const actions: Action[] = [{ type: 'setRoutes', routes: ALL_TO_PRIMARY }, ...extra];
  if (notice) actions.push(notice);
  const patch = { failedRevision: ctx.status.canaryRevision, ...routesOf(ALL_TO_PRIMARY) };
  const drainsNow = canaryHasPods(ctx) ? drainNote(ctx) : '';
  return transition(ctx, 'Failed', `${rolledBackHead(ctx)}${reason}`, patch, actions, { eventType: 'Warning', drainNote: drainsNow });
}

const rolledBackHead = (ctx: Context) => `rolled back revision ${ctx.status.canaryRevision}: `;

/**
 * Held by songbird.dev/paused: routes and replicas stay as they are. A running stage stays
 * Progressing (README: pause "holds the current stage", so `get` still shows it) with its clock
 * (stageStartedAt) restarted at every step, as conflictHold does: after resume the stage runs its
 * whole minimum duration and deadline again, and analyses taken while paused count for nothing.
 * A rollout whose canary pods were not available yet stays Waiting. One Event on entering the pause
 * (its id holds the stage clock it stopped, so a repeated step records it once, a later pause again).
 */
function paused(ctx: Context, actions: Action[]): Transition {
  const reason = `paused by the ${ANNOTATIONS.paused} annotation`;
  const notice = notifyOnce(ctx, `paused-${ctx.status.stageIndex ?? 0}`, {
    kind: 'halted',
    state: 'halted',
    rollout: rolloutRef(ctx),
    reason,
    unblock: `run \`songbird resume ${ctx.canary.namespace}/${ctx.canary.name}\` (removes the annotation)`,
  });
  const held = notice ? [...actions, notice] : actions;
  if (ctx.status.phase === 'Waiting') return finish(ctx, { ...ctx.status, reason }, held);
  const stage = ctx.stages[ctx.status.stageIndex ?? 0];
  const holds = `${reason}; stage ${stage?.name ?? ctx.status.stageName ?? '?'} holds and starts afresh on resume`;
  const status: CanaryStatus = { ...ctx.status, reason: holds, stageStartedAt: ctx.nowIso };
  if (withoutDrainNote(ctx.status.reason) === holds) return finish(ctx, status, held);
  const event: Action = { type: 'recordEvent', id: `${rolloutId(status)}:Paused:${status.stageIndex ?? 0}:${ctx.status.stageStartedAt ?? ''}`, eventType: 'Normal', reason: 'Paused', message: holds };
  return finish(ctx, status, [...held, event]);
}

function targetMissing(ctx: Context): Transition {
  const message = `the target Deployment ${ctx.canary.namespace}/${ctx.spec.targetRef.name} was not found`;
  const event: Action = { type: 'recordEvent', id: `target-missing:${ctx.observations.generation}`, eventType: 'Warning', reason: 'TargetNotFound', message };
  // The reason of the last transition (why a rollout failed, say) stays; Ready says the target is missing.
  const reason = ctx.status.phase && ctx.status.phase !== 'Initializing' ? ctx.status.reason ?? message : message;
  return finish(ctx, { ...ctx.status, phase: ctx.status.phase ?? 'Initializing', reason }, [event], { ready: ['False', 'TargetNotFound', message] });
}

/** A new phase, its Event (message: reason) and status (reason, then the drain note, which the Event never carries). */
function transition(ctx: Context, phase: Phase, reason: string, patch: Partial<CanaryStatus>, actions: Action[], opts: { eventType?: 'Normal' | 'Warning'; drainNote?: string } = {}): Transition {
  const { eventType = 'Normal', drainNote: note = '' } = opts;
  const status: CanaryStatus = { ...ctx.status, ...patch, phase, reason: `${reason}${note}`, lastTransitionTime: ctx.nowIso };
  const id = `${rolloutId(status)}:${phase}:${status.stageIndex ?? 0}`;
  const event: Action = { type: 'recordEvent', id, eventType, reason: phase, message: reason };
  return finish({ ...ctx, status }, status, [...actions, event]);
}

/** The target was deleted mid-rollout: all traffic to the primary at once, and the rollout ends. */
function targetGone(ctx: Context): Transition {
  if (!ctx.status.canaryRevision) return targetMissing(ctx);
  const reason = `the target Deployment ${ctx.canary.namespace}/${ctx.spec.targetRef.name} was deleted mid-rollout; all traffic goes to ${primaryName(ctx)}`;
  return rollback(ctx, reason, undefined, ctx.status.phase === 'Promoting' ? revertToLastPromoted(ctx) : []);
}

function revertToLastPromoted(ctx: Context): Action[] {
  const last = ctx.status.lastPromotedRevision;
  return last ? [{ type: 'revertPrimary', revision: last }] : [];
}

/** An action that kept failing for longer than progressDeadlineSeconds, as a reason; undefined otherwise. */
function failingTooLong(ctx: Context): string | undefined {
  const failure = ctx.status.actionFailure;
  const since = Date.parse(failure?.since ?? '');
  // A since that is not a date (edited by hand) cannot prove the action is young: it counts as past the deadline.
  if (!failure || (Number.isFinite(since) && !pastDeadline(ctx, since))) return undefined;
  return `${failure.action} kept failing for more than ${ctx.spec.progressDeadlineSeconds}s (since ${failure.since}): ${failure.message}`;
}

/**
 * A spec edited mid-rollout to fewer stages leaves stageIndex past the end:
 * the rollout goes on at the new last stage, which starts afresh (it is never
 * promoted without that stage's analysis).
 */
function withinStages(ctx: Context): Context {
  const index = ctx.status.stageIndex ?? 0;
  const last = ctx.stages.length - 1;
  if (last < 0 || index <= last) return ctx;
  const stage = ctx.stages[last]!;
  return { ...ctx, status: { ...ctx.status, stageIndex: last, stageName: stage.name, stageStartedAt: ctx.nowIso, lastAnalysisAt: undefined, checks: [] } };
}

/** Replicas Git set on the target mid-rollout become the rollout's (the canary keeps them); the primary follows. */
function followGit(ctx: Context): { ctx: Context; resize: Action[] } {
  const fromGit = replicasFromGit(ctx, replicasOf(ctx));
  if (fromGit === undefined) return { ctx, resize: [] };
  const resized = { ...ctx, status: { ...ctx.status, replicas: fromGit } };
  return { ctx: resized, resize: [replicasChangedEvent(ctx, fromGit), { type: 'scalePrimary', replicas: fromGit }] };
}

function autoscalerAction(ctx: Context): Action {
  return { type: 'ensurePrimaryAutoscaler', present: ctx.observations.autoscaler !== undefined };
}

/** Ready=False RouteConflict with a Warning Event naming each object and route; the rollout does not go on. */
function conflictReport(ctx: Context, conflicts: RouteConflict[], actions: Action[], held: string): Transition {
  const what = describeConflicts(conflicts);
  const message = `${what}; ${held}. To fix: ${conflicts.map((c) => c.change).join('; ')}`;
  const event: Action = { type: 'recordEvent', id: `route-conflict:${what}`, eventType: 'Warning', reason: 'RouteConflict', message };
  return finish(ctx, { ...ctx.status, reason: `route conflict: ${what}` }, [...actions, event], { ready: ['False', 'RouteConflict', message] });
}

/** A running stage holds while others' routes starve it: its clock restarts, so the conflict does not burn the deadline. */
function conflictHold(ctx: Context, conflicts: RouteConflict[], actions: Action[]): Transition {
  const stage = ctx.stages[ctx.status.stageIndex ?? 0];
  const held = { ...ctx, status: { ...ctx.status, stageStartedAt: ctx.nowIso } };
  const notice = notifyOnce(held, `route-conflict-${ctx.status.stageIndex ?? 0}`, {
    kind: 'halted',
    state: 'halted',
    rollout: rolloutRef(held),
    reason: `route conflict: ${describeConflicts(conflicts)}`,
    unblock: conflicts.map((c) => c.change).join('; '),
  });
  const where = stage && ctx.status.phase === 'Progressing' ? `stage ${stage.name} holds and restarts once it is resolved` : 'the rollout holds until it is resolved';
  return conflictReport(held, conflicts, notice ? [...actions, notice] : actions, where);
}

const DRAINING_IDLE = new Set<Phase>(['Initialized', 'Failed']);

/**
 * Whether the routes have led to the primary for the drain period (drainMsOf: one interval, at most
 * 10 s) since the transition that moved them (status.lastTransitionTime of Initialized, Finalising or
 * Failed), so the canary may be scaled to zero: a mesh (Envoy) or kube-proxy learns a new route or
 * Service selector later than pods vanish, and requests sent meanwhile would fail. A missing or
 * unreadable time, or one more than a drain period ahead of the clock (a hand edit, not clock skew
 * between replicas), counts as drained, so the canary is never held forever.
 */
function drained(ctx: Context): boolean {
  const since = Date.parse(ctx.status.lastTransitionTime ?? '');
  const elapsed = ctx.now.getTime() - since;
  const drainMs = drainMsOf(ctx.spec);
  return !Number.isFinite(since) || elapsed >= drainMs || elapsed < -drainMs;
}

/** The end of a status reason while the canary keeps its pods for the drain; withoutDrainNote takes it off again. */
const drainNote = (ctx: Context) =>
  `${DRAIN_MARK}the canary ${ctx.spec.targetRef.name} is scaled to zero once all traffic has gone to ${primaryName(ctx)} for ${drainMsOf(ctx.spec) / 1000}s`;
const canaryHasPods = (ctx: Context) => ctx.observations.target.exists && ctx.observations.target.replicas > 0;

function pastDeadline(ctx: Context, sinceMs: number): boolean {
  return ctx.now.getTime() - sinceMs > ctx.spec.progressDeadlineSeconds * 1000;
}

/** Finalising with this step's measurement (taken once the routes drained): the blast radius the promotion reports. */
function withFinalReach(ctx: Context): Context {
  const reading = ctx.observations.analysis?.blastRadius;
  if (!reading) return ctx;
  return { ...ctx, status: { ...ctx.status, blastRadius: recordBlastRadius(ctx.status, reading, ctx.nowIso, ctx.observations.analysis?.canaryRequestsInRollout) } };
}

const isPaused = (ctx: Context) => ctx.observations.annotations[ANNOTATIONS.paused] === 'true';
const isAction = (a: Action | undefined): a is Action => a !== undefined;
const primaryName = (ctx: Context) => primaryWorkloadName(ctx.spec.targetRef.name);
const routesOf = (routes: Routes) => ({ canaryWeight: routes.canaryWeight, internalToCanary: routes.internalToCanary });
const currentRoutes = (status: CanaryStatus): Routes => ({ canaryWeight: status.canaryWeight ?? 0, internalToCanary: status.internalToCanary ?? false });
