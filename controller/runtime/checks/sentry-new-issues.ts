import { windowOf } from '../../core/measurement/windows.js';
import { newIssuesMeasurement } from '../../core/measurement/sentry-readings.js';
import { failed, type CheckOf, type Measure } from './measure.js';

/** sentryNewIssues: the issues Sentry first saw in the canary's release in the check's window (the core names the top one). */
export const measureSentryNewIssues: Measure<CheckOf<'sentryNewIssues'>> = async (scope, check) => {
  if (!scope.canaryRelease.ok) return failed(check, `no Sentry release for the canary: ${scope.canaryRelease.reason}`);
  const release = scope.canaryRelease.release;
  const resolved = await scope.sentryTarget();
  if (!resolved.ok) return failed(check, resolved.reason);
  const window = windowOf(check, scope.times);
  const answer = await scope.sentry.newIssues(resolved.target, { release, levels: check.levels, since: window.start, until: window.end });
  if (!answer.ok) return failed(check, answer.error.message);
  return newIssuesMeasurement(check.name, release, answer.value.issues);
};
