import { windowOf } from '../../core/measurement/windows.js';
import { failed, type CheckOf, type Measure } from './measure.js';
import { firstReason, rawAnswer } from './prometheus-answer.js';

/** successRate: the canary's requests and non-5xx requests over its window, as Prometheus answered them. */
export const measureSuccessRate: Measure<CheckOf<'successRate'>> = async (scope, check) => {
  const { seconds } = windowOf(check, scope.times);
  const [requests, successful] = [rawAnswer(scope.intervalRequests), rawAnswer(await scope.prometheus.scalar(scope.telemetry.successfulIn(scope.canary, seconds)))];
  if (!requests.ok || !successful.ok) return failed(check, firstReason(requests, successful));
  return { check: check.name, kind: 'successes', windowSeconds: seconds, requests: requests.value, successful: successful.value };
};
