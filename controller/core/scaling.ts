// How many replicas the primary and the canary run: what Git sets on the
// target Deployment, or, when the target has a HorizontalPodAutoscaler, what
// that autoscaler decides (Kubernetes' HPA leaves a Deployment at 0 replicas
// alone, so scaling the target to 0 between rollouts never fights it).
import type { Action } from './actions.js';
import { rolloutId } from './rollout-id.js';
import type { Context } from './transition.js';

/** The replicas Songbird keeps for the primary and the running canary (status.replicas, 1 until known). */
export const replicasOf = (ctx: Context): number => ctx.status.replicas ?? 1;

/**
 * Replicas to give the primary: status.replicas, or with an autoscaler the
 * primary's current replicas but never fewer than the autoscaler's minimum
 * (so a promotion never scales below what the HPA asked for).
 */
export function primaryReplicas(ctx: Context): number {
  const { autoscaler, primary } = ctx.observations;
  if (!autoscaler) return replicasOf(ctx);
  const current = primary.exists && primary.replicas > 0 ? primary.replicas : replicasOf(ctx);
  return Math.max(current, autoscaler.minReplicas);
}

/**
 * The scale action that keeps the canary running during a rollout. With an
 * autoscaler the canary is only started (from 0, to at least the HPA's
 * minimum) and then left to its HPA.
 */
export function runCanary(ctx: Context): Action[] {
  const { autoscaler, target } = ctx.observations;
  if (!target.exists) return [];
  if (!autoscaler) return [{ type: 'scaleCanary', replicas: replicasOf(ctx) }];
  if (target.replicas > 0) return [];
  return [{ type: 'scaleCanary', replicas: Math.max(replicasOf(ctx), autoscaler.minReplicas) }];
}

/**
 * Replicas set on the target by someone else (Git, a person) since Songbird
 * last scaled it to `expected`: the new number, or undefined when it is not a
 * change, i.e. the target runs `expected` replicas, none, or as many as
 * Songbird keeps already (replicasOf: a target between rollouts still
 * draining its canary pods, or Git writing the same number again). Without an
 * autoscaler only; with one the HPA owns the number.
 */
export function replicasFromGit(ctx: Context, expected: number): number | undefined {
  const { autoscaler, target } = ctx.observations;
  if (autoscaler || !target.exists || target.replicas <= 0 || target.replicas === expected) return undefined;
  return target.replicas === replicasOf(ctx) ? undefined : target.replicas;
}

/**
 * The Event that records a change of replicas taken from the target: `<target> asks for N replicas
 * (was M); the primary follows` (`the primary and the canary follow` mid-rollout). Callers emit
 * it only for a change (replicasFromGit), so N is never M.
 */
export function replicasChangedEvent(ctx: Context, replicas: number): Action {
  const midRollout = ctx.status.phase === 'Waiting' || ctx.status.phase === 'Progressing';
  const message = `${ctx.spec.targetRef.name} asks for ${replicas} replicas (was ${replicasOf(ctx)}); ${midRollout ? 'the primary and the canary follow' : 'the primary follows'}`;
  return { type: 'recordEvent', id: `replicas:${replicas}:${rolloutId(ctx.status)}:${replicasOf(ctx)}`, eventType: 'Normal', reason: 'ReplicasChanged', message };
}
