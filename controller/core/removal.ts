// Removing a Canary hands the service back to the target Deployment before
// anything Songbird generated goes away (garbage collection removes the
// primary, its Services, DestinationRules and the mesh VirtualService once the
// finalizer is gone). Nothing is dropped on the way: the target serves before
// any route or selector moves to it, and the routes point at the Service
// clients call for a drain period before the generated objects disappear.
import type { Action } from './actions.js';
import { drainMsOf } from './stages.js';
import { finish, type Context, type Transition } from './transition.js';
import { serviceNameOf } from '../schema/generated-names.js';

export const FINALIZER = 'songbird.dev/hand-back';

/**
 * The step of a Canary whose deletion was requested: scale the target to what
 * the primary serves (at least its HPA's minimum), wait until it is Available,
 * hand back (the Service selects the target, routes go to it), drain, then
 * remove the finalizer. No deadline: a target that never becomes available
 * keeps the primary serving, and the reason says how to force the removal.
 */
export function removal(ctx: Context): Transition {
  const { target, primary, autoscaler, finalizer } = ctx.observations;
  if (!finalizer) return finish(ctx, ctx.status, []);
  const release: Action = { type: 'setFinalizer', present: false };
  if (!target.exists) {
    return terminating(ctx, `the target Deployment ${ctx.spec.targetRef.name} does not exist, so there is nothing to hand the service back to; removing`, [release]);
  }
  const failed = ctx.status.failedRevision;
  if (failed && target.revision === failed && failed !== ctx.status.lastPromotedRevision) {
    // Handing back would send every request to a version that was rolled back.
    const why = `the target ${ctx.spec.targetRef.name} runs revision ${failed}, which was rolled back; handing the service back would send every request to it. ` +
      `Revert the target in Git to revision ${ctx.status.lastPromotedRevision ?? 'the last promoted one'} (the primary keeps serving until then), or remove the finalizer ${FINALIZER} to remove the Canary anyway`;
    return terminating(ctx, why, [], undefined, 'Warning');
  }
  const wanted = Math.max(primary.exists && primary.replicas > 0 ? primary.replicas : ctx.status.replicas ?? 1, autoscaler?.minReplicas ?? 1);
  // Never scaled down: a target that already serves more (its HPA, or a Canary that never took over) keeps them.
  const scale: Action[] = target.replicas >= wanted ? [] : [{ type: 'scaleCanary', replicas: wanted }];
  if (!(target.available && target.replicas > 0) || scale.length > 0) {
    const why = `scaling ${ctx.spec.targetRef.name} to ${wanted} replicas and waiting until it is available before handing the service back ` +
      `(to remove the Canary without handing back, remove its finalizer ${FINALIZER})`;
    return terminating(ctx, why, scale);
  }
  // A hand-edited or future handedBackAt starts the drain now rather than never ending it.
  const recorded = Date.parse(ctx.status.handedBackAt ?? '');
  const handedBackAt = Number.isFinite(recorded) && recorded <= ctx.now.getTime() ? ctx.status.handedBackAt! : ctx.nowIso;
  const drained = ctx.now.getTime() - Date.parse(handedBackAt) >= drainMsOf(ctx.spec);
  const service = serviceNameOf(ctx.spec);
  if (!drained) {
    return terminating(ctx, `Service ${service} and its routes now lead to ${ctx.spec.targetRef.name}; draining before the generated objects are removed`, [...scale, { type: 'handBack' }], handedBackAt);
  }
  return terminating(ctx, `Service ${service} is handed back to ${ctx.spec.targetRef.name}; removing the finalizer`, [...scale, { type: 'handBack' }, release], handedBackAt);
}

function terminating(ctx: Context, reason: string, actions: Action[], handedBackAt?: string, eventType: 'Normal' | 'Warning' = 'Normal'): Transition {
  const status = { ...ctx.status, phase: 'Terminating' as const, reason, ...(handedBackAt ? { handedBackAt } : {}) };
  if (ctx.status.phase !== 'Terminating') status.lastTransitionTime = ctx.nowIso;
  const event: Action = { type: 'recordEvent', id: `terminating:${reason}`, eventType, reason: 'Terminating', message: reason };
  return finish({ ...ctx, status }, status, [...actions, event]);
}
