import type { Action } from './actions.js';
import { resolveSentryRelease } from './release.js';
import { rolloutId } from './rollout-id.js';
import type { Context } from './transition.js';
import { serviceNameOf } from '../schema/generated-names.js';

// Notifications and release markers carry ids derived from the rollout, so a
// restarted controller recognises what it already sent.

export function notifyOnce(ctx: Context, key: string, notification: Extract<Action, { type: 'notify' }>['notification']): Action | undefined {
  const id = `${rolloutId(ctx.status)}:${key}`;
  if (ctx.status.notified?.includes(id)) return undefined;
  return { type: 'notify', id, notification };
}

/**
 * The Sentry deploy marker of the canary or the production environment, or,
 * when the release cannot be named (see resolveSentryRelease), a Warning Event
 * saying why no marker is sent: a skipped marker is never silent.
 */
export function sentryMarker(ctx: Context, which: 'canary' | 'production'): Action[] {
  const sentry = ctx.spec.sentry;
  if (!sentry || !sentry.releaseMarkers[which]) return [];
  const id = `${rolloutId(ctx.status)}:deploy-${which}`;
  const environment = which === 'canary' ? sentry.canaryEnvironment : sentry.environment;
  const choice = resolveSentryRelease(ctx.observations.target.template, sentry.container);
  if (!choice.ok) {
    return [{ type: 'recordEvent', id: `${id}:skipped`, eventType: 'Warning', reason: 'SentryMarkerSkipped', message: `No Sentry deploy marker for environment ${environment}: ${choice.reason}` }];
  }
  return [{ type: 'sentryDeploy', id, release: choice.release, environment }];
}

export function topIssueOf(ctx: Context, check: string) {
  const measurement = ctx.observations.analysis?.measurements.find((m) => m.check === check);
  return measurement?.kind === 'value' ? measurement.topIssue : undefined;
}

export function rolloutRef(ctx: Context) {
  return {
    namespace: ctx.canary.namespace,
    name: ctx.canary.name,
    service: serviceNameOf(ctx.spec),
    revision: ctx.status.canaryRevision ?? 'unknown',
  };
}
