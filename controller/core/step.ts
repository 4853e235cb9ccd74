import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryStatus, CheckResult, Phase } from '../schema/canary-status.js';
import { ALL_TO_PRIMARY, type Action, type Routes } from './actions.js';
import { assertNever, evaluateCheck } from './check-evaluation.js';
import { finish, type Context, type Transition } from './transition.js';
import { intervalMsOf, planStages } from './stages.js';
import { analysisCondition, closeStage, unmeasurableEvents } from './analysis-outcome.js';
import { notifyOnce, rolloutRef, sentryMarker, topIssueOf } from './rollout-notices.js';
import { holdReason } from './stage-hold.js';
import type { Observations } from './observations.js';

export type { Transition } from './transition.js';

export interface StepInput {
  canary: { namespace: string; name: string };
  spec: CanarySpec;
  status: CanaryStatus;
  observations: Observations;
  now: Date;
}

export const ANNOTATIONS = {
  paused: 'songbird.dev/paused',
  promote: 'songbird.dev/promote',
  abort: 'songbird.dev/abort',
} as const;

/**
 * The rollout as a pure state machine: spec, status and what was observed
 * give the next status and the actions that make it true. The runtime writes
 * the status only once the actions took effect.
 *
 *   Initializing → Initialized → (new revision) Waiting → Progressing ─┬→ Promoting → Finalising → Succeeded
 *                                                 ↑ paused / scaling  └→ Failed (rolled back)
 *   Succeeded | Failed | Initialized → Waiting when a new revision appears.
 */
export function step(input: StepInput): Transition {
  const ctx: Context = { ...input, stages: planStages(input.spec), nowIso: input.now.toISOString() };
  if (input.spec.suspend) return finish(ctx, input.status, [], { ready: ['True', 'Suspended', 'spec.suspend is true: Songbird leaves this Canary alone'] });
  const phase: Phase = input.status.phase ?? 'Initializing';
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
    default:
      return assertNever(phase);
  }
}

function initializing(ctx: Context): Transition {
  const { target, primary } = ctx.observations;
  if (!target.exists || !target.template || !target.revision) return targetMissing(ctx);
  const replicas = ctx.status.replicas ?? (target.replicas > 0 ? target.replicas : 1);
  const actions: Action[] = [
    { type: 'ensurePrimary', template: target.template, revision: target.revision, replicas },
    { type: 'setRoutes', routes: ALL_TO_PRIMARY },
  ];
  if (!(primary.exists && primary.revision === target.revision && primary.available)) {
    const reason = `waiting for ${primaryName(ctx)} to become available with revision ${target.revision}`;
    return finish(ctx, { ...ctx.status, phase: 'Initializing', replicas, reason }, actions);
  }
  actions.push({ type: 'scaleCanary', replicas: 0 });
  const reason = `${primaryName(ctx)} serves revision ${target.revision}; all traffic goes to the primary`;
  return transition(ctx, 'Initialized', reason, { replicas, lastPromotedRevision: target.revision, ...routesOf(ALL_TO_PRIMARY) }, actions);
}

function idle(ctx: Context): Transition {
  const { target } = ctx.observations;
  const actions: Action[] = [
    { type: 'setRoutes', routes: ALL_TO_PRIMARY },
    { type: 'scaleCanary', replicas: 0 },
  ];
  if (!target.exists || !target.revision) return targetMissing(ctx);
  const revision = target.revision;
  if (revision === ctx.status.lastPromotedRevision || revision === ctx.status.failedRevision) {
    return finish(ctx, ctx.status, actions);
  }
  return startRollout(ctx, `new revision ${revision} of ${ctx.spec.targetRef.name}`);
}

function startRollout(ctx: Context, why: string): Transition {
  const revision = ctx.observations.target.revision!;
  const first = ctx.stages[0];
  const fresh: CanaryStatus = {
    ...ctx.status,
    canaryRevision: revision,
    rolloutStartedAt: ctx.nowIso,
    stageIndex: 0,
    stageName: first?.name,
    stageStartedAt: ctx.nowIso,
    lastAnalysisAt: undefined,
    failedChecks: 0,
    checks: [],
    comparisons: [],
    internalRequests: 0,
    canaryRequests: 0,
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
  actions.push({ type: 'scaleCanary', replicas: replicasOf(ctx) }, { type: 'setRoutes', routes: ALL_TO_PRIMARY });
  return transition(next, 'Waiting', `${why}: waiting for the canary pods to become available`, {}, actions);
}

function waiting(ctx: Context): Transition {
  const interrupt = interruptions(ctx);
  if (interrupt) return interrupt;
  const { target } = ctx.observations;
  const routes = currentRoutes(ctx.status);
  const actions: Action[] = [
    { type: 'scaleCanary', replicas: replicasOf(ctx) },
    { type: 'setRoutes', routes },
  ];
  if (isPaused(ctx)) return paused(ctx, actions);
  if (target.available && target.replicas > 0) {
    const stage = ctx.stages[ctx.status.stageIndex ?? 0]!;
    const reason = `canary revision ${ctx.status.canaryRevision} is available; stage ${stage.name} begins`;
    const patch = { stageStartedAt: ctx.nowIso, ...routesOf(stage.routes) };
    return transition(ctx, 'Progressing', reason, patch, [actions[0]!, { type: 'setRoutes', routes: stage.routes }]);
  }
  if (pastDeadline(ctx, Date.parse(ctx.status.stageStartedAt ?? ctx.nowIso))) {
    return rollback(ctx, `the canary Deployment ${ctx.spec.targetRef.name} did not become available within ${ctx.spec.progressDeadlineSeconds}s`);
  }
  return finish(ctx, { ...ctx.status, reason: `waiting for the canary pods of revision ${ctx.status.canaryRevision} to become available` }, actions);
}

function progressing(ctx: Context): Transition {
  const interrupt = interruptions(ctx);
  if (interrupt) return interrupt;
  const index = ctx.status.stageIndex ?? 0;
  const stage = ctx.stages[index];
  if (!stage) return transition(ctx, 'Promoting', 'every stage passed', {}, []);
  const actions: Action[] = [
    { type: 'scaleCanary', replicas: replicasOf(ctx) },
    { type: 'setRoutes', routes: stage.routes },
  ];
  if (isPaused(ctx)) return paused(ctx, actions);
  if (ctx.observations.annotations[ANNOTATIONS.promote] === ctx.status.canaryRevision) {
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
  const actions: Action[] = [{ type: 'setRoutes', routes: stage.routes }, { type: 'scaleCanary', replicas: replicasOf(ctx) }];
  if (notice) actions.push(notice);
  return transition(next, 'Progressing', `stage ${done.name} passed; stage ${stage.name} begins`, {}, actions);
}

function promoting(ctx: Context): Transition {
  const { target, primary } = ctx.observations;
  if (target.revision && target.revision !== ctx.status.canaryRevision) return restart(ctx);
  if (!target.template) return targetMissing(ctx);
  const revision = ctx.status.canaryRevision!;
  const actions: Action[] = [
    { type: 'ensurePrimary', template: target.template, revision, replicas: replicasOf(ctx) },
    { type: 'setRoutes', routes: currentRoutes(ctx.status) },
  ];
  if (primary.revision === revision && primary.available) {
    const routes = ALL_TO_PRIMARY;
    const reason = `${primaryName(ctx)} runs revision ${revision} and is available; traffic returns to the primary`;
    return transition(ctx, 'Finalising', reason, routesOf(routes), [{ type: 'setRoutes', routes }, { type: 'scaleCanary', replicas: 0 }]);
  }
  if (pastDeadline(ctx, Date.parse(ctx.status.lastTransitionTime ?? ctx.nowIso))) {
    return rollback(ctx, `${primaryName(ctx)} did not become available with revision ${revision} within ${ctx.spec.progressDeadlineSeconds}s`);
  }
  return finish(ctx, { ...ctx.status, reason: `waiting for ${primaryName(ctx)} to roll out revision ${revision}` }, actions);
}

function finalising(ctx: Context): Transition {
  const actions: Action[] = [
    { type: 'setRoutes', routes: ALL_TO_PRIMARY },
    { type: 'scaleCanary', replicas: 0 },
  ];
  if (ctx.observations.target.replicas > 0) {
    return finish(ctx, { ...ctx.status, reason: 'scaling the canary to zero' }, actions);
  }
  const revision = ctx.status.canaryRevision!;
  const started = Date.parse(ctx.status.rolloutStartedAt ?? ctx.nowIso);
  const notice = notifyOnce(ctx, 'promoted', {
    kind: 'promoted',
    rollout: rolloutRef(ctx),
    durationMs: ctx.now.getTime() - started,
    canaryRequests: Math.round(ctx.status.canaryRequests ?? 0),
  });
  const reason = `revision ${revision} promoted: ${primaryName(ctx)} serves all traffic and the canary is scaled to zero`;
  const done = [...actions, ...sentryMarker(ctx, 'production'), notice].filter(isAction);
  return transition(ctx, 'Succeeded', reason, { lastPromotedRevision: revision, ...routesOf(ALL_TO_PRIMARY) }, done);
}

/** Abort requests and newer revisions interrupt Waiting and Progressing alike. */
function interruptions(ctx: Context): Transition | undefined {
  const { target } = ctx.observations;
  if (!target.exists) return targetMissing(ctx);
  if (target.revision && target.revision !== ctx.status.canaryRevision) return restart(ctx);
  const abort = ctx.observations.annotations[ANNOTATIONS.abort];
  if (abort && abort === ctx.status.canaryRevision) return rollback(ctx, `aborted by request (${ANNOTATIONS.abort})`);
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

function rollback(ctx: Context, reason: string, failing?: CheckResult): Transition {
  const stage = ctx.status.stageName ?? 'start';
  const notice = notifyOnce(ctx, 'rolledBack', {
    kind: 'rolledBack',
    rollout: rolloutRef(ctx),
    reason,
    failingCheck: failing,
    topIssue: failing ? topIssueOf(ctx, failing.name) : undefined,
    stage,
  });
  const actions: Action[] = [{ type: 'setRoutes', routes: ALL_TO_PRIMARY }, { type: 'scaleCanary', replicas: 0 }];
  if (notice) actions.push(notice);
  const patch = { failedRevision: ctx.status.canaryRevision, ...routesOf(ALL_TO_PRIMARY) };
  return transition(ctx, 'Failed', `rolled back revision ${ctx.status.canaryRevision}: ${reason}`, patch, actions, 'Warning');
}

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
  return transition(ctx, 'Waiting', reason, {}, held);
}

function targetMissing(ctx: Context): Transition {
  const message = `the target Deployment ${ctx.canary.namespace}/${ctx.spec.targetRef.name} was not found`;
  const event: Action = { type: 'recordEvent', id: `target-missing:${ctx.observations.generation}`, eventType: 'Warning', reason: 'TargetNotFound', message };
  return finish(ctx, { ...ctx.status, phase: ctx.status.phase ?? 'Initializing', reason: message }, [event], { ready: ['False', 'TargetNotFound', message] });
}

function transition(ctx: Context, phase: Phase, reason: string, patch: Partial<CanaryStatus>, actions: Action[], eventType: 'Normal' | 'Warning' = 'Normal'): Transition {
  const status: CanaryStatus = { ...ctx.status, ...patch, phase, reason, lastTransitionTime: ctx.nowIso };
  const id = `${status.canaryRevision ?? 'init'}@${status.rolloutStartedAt ?? ''}:${phase}:${status.stageIndex ?? 0}`;
  const event: Action = { type: 'recordEvent', id, eventType, reason: phase, message: reason };
  return finish({ ...ctx, status }, status, [...actions, event]);
}

function pastDeadline(ctx: Context, sinceMs: number): boolean {
  return ctx.now.getTime() - sinceMs > ctx.spec.progressDeadlineSeconds * 1000;
}

const isPaused = (ctx: Context) => ctx.observations.annotations[ANNOTATIONS.paused] === 'true';
const isAction = (a: Action | undefined): a is Action => a !== undefined;
const replicasOf = (ctx: Context) => ctx.status.replicas ?? 1;
const primaryName = (ctx: Context) => `${ctx.spec.targetRef.name}-primary`;
const routesOf = (routes: Routes) => ({ canaryWeight: routes.canaryWeight, internalToCanary: routes.internalToCanary });
const currentRoutes = (status: CanaryStatus): Routes => ({ canaryWeight: status.canaryWeight ?? 0, internalToCanary: status.internalToCanary ?? false });
