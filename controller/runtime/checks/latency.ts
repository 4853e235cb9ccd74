import { windowOf } from '../../core/measurement/windows.js';
import { failed, type CheckOf, type Measure } from './measure.js';
import { firstReason, rawAnswer } from './prometheus-answer.js';

/** latency: the canary's latency percentile (ms) over its window and the requests it covers, as Prometheus answered them. */
export const measureLatency: Measure<CheckOf<'latency'>> = async (scope, check) => {
  const { seconds } = windowOf(check, scope.times);
  const [requests, valueMs] = [rawAnswer(scope.intervalRequests), rawAnswer(await scope.prometheus.scalar(scope.telemetry.latencyPercentileMs(scope.canary, seconds, check.percentile)))];
  if (!requests.ok || !valueMs.ok) return failed(check, firstReason(requests, valueMs));
  return { check: check.name, kind: 'percentile', windowSeconds: seconds, requests: requests.value, valueMs: valueMs.value, metric: scope.telemetry.durationBucketsMetric };
};
