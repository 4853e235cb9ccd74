import type { Action } from './actions.js';
import { sentryReleaseOf } from './release.js';
import type { Context } from './transition.js';

// Notifications and release markers carry ids derived from the rollout, so a
// restarted controller recognises what it already sent.

export function notifyOnce(ctx: Context, key: string, notification: Extract<Action, { type: 'notify' }>['notification']): Action | undefined {
  const id = `${ctx.status.canaryRevision}@${ctx.status.rolloutStartedAt}:${key}`;
  if (ctx.status.notified?.includes(id)) return undefined;
  return { type: 'notify', id, notification };
}

export function sentryMarker(ctx: Context, which: 'canary' | 'production'): Action[] {
  const sentry = ctx.spec.sentry;
  if (!sentry || !sentry.releaseMarkers[which]) return [];
  const release = sentryReleaseOf(ctx.observations.target.template, sentry.container);
  if (!release) return [];
  const environment = which === 'canary' ? sentry.canaryEnvironment : sentry.environment;
  return [{ type: 'sentryDeploy', id: `${ctx.status.canaryRevision}@${ctx.status.rolloutStartedAt}:deploy-${which}`, release, environment }];
}

export function topIssueOf(ctx: Context, check: string) {
  const measurement = ctx.observations.analysis?.measurements.find((m) => m.check === check);
  return measurement?.kind === 'value' ? measurement.topIssue : undefined;
}

export function rolloutRef(ctx: Context) {
  return {
    namespace: ctx.canary.namespace,
    name: ctx.canary.name,
    service: ctx.spec.service.name ?? ctx.spec.targetRef.name,
    revision: ctx.status.canaryRevision ?? 'unknown',
  };
}
