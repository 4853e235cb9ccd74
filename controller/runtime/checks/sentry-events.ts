import type { CheckWindow } from '../../core/measurement/windows.js';
import { sentryEventCounts } from '../../core/measurement/sentry-readings.js';
import type { Measurement } from '../../core/observations.js';
import { failed, type MeasureScope } from './measure.js';
import { rawAnswer } from './prometheus-answer.js';

/**
 * Sentry error events of the canary's and the primary's release over `window`, and each side's
 * requests over the same window from Prometheus; the core (sentryEventCounts) makes them counts.
 * Errors: a release the core could not name, the token's Secret, Sentry's or Prometheus's failures.
 */
export async function measureSentryEvents(scope: MeasureScope, check: { name: string }, window: CheckWindow): Promise<Measurement> {
  if (!scope.canaryRelease.ok) return failed(check, `no Sentry release for the canary: ${scope.canaryRelease.reason}`);
  const resolved = await scope.sentryTarget();
  if (!resolved.ok) return failed(check, resolved.reason);
  if (!scope.primaryRelease.ok) return failed(check, `no Sentry release for the primary: ${scope.primaryRelease.reason}`);
  const range = { start: window.start, end: window.end };
  const [canaryEvents, primaryEvents, canaryRequests, primaryRequests] = await Promise.all([
    scope.sentry.errorEvents(resolved.target, { release: scope.canaryRelease.release, ...range }),
    scope.sentry.errorEvents(resolved.target, { release: scope.primaryRelease.release, ...range }),
    scope.prometheus.scalar(scope.telemetry.requestsIn(scope.canary, window.seconds)).then(rawAnswer),
    scope.prometheus.scalar(scope.telemetry.requestsIn(scope.primary, window.seconds)).then(rawAnswer),
  ]);
  if (!canaryEvents.ok) return failed(check, canaryEvents.error.message);
  if (!primaryEvents.ok) return failed(check, primaryEvents.error.message);
  if (!canaryRequests.ok) return failed(check, canaryRequests.reason);
  if (!primaryRequests.ok) return failed(check, primaryRequests.reason);
  return sentryEventCounts(check.name, {
    canary: { events: canaryEvents.value, requests: canaryRequests.value },
    primary: { events: primaryEvents.value, requests: primaryRequests.value },
  });
}
