import { windowOf } from '../../core/measurement/windows.js';
import { crashFreeMeasurement } from '../../core/measurement/sentry-readings.js';
import { failed, type CheckOf, type Measure } from './measure.js';

/** sentryCrashFreeSessions: Sentry's crash-free rate of the canary's release over the check's window (the core reads "no sessions"). */
export const measureSentryCrashFreeSessions: Measure<CheckOf<'sentryCrashFreeSessions'>> = async (scope, check) => {
  if (!scope.canaryRelease.ok) return failed(check, `no Sentry release for the canary: ${scope.canaryRelease.reason}`);
  const release = scope.canaryRelease.release;
  const resolved = await scope.sentryTarget();
  if (!resolved.ok) return failed(check, resolved.reason);
  const { start, end } = windowOf(check, scope.times);
  const answer = await scope.sentry.crashFreeSessions(resolved.target, { release, start, end });
  if (!answer.ok) return failed(check, answer.error.message);
  return crashFreeMeasurement(check.name, release, answer.value);
};
