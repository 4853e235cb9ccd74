import type { KubeResult } from '../adapters/kubernetes/kubernetes-errors.js';
import type { JiraResult } from '../adapters/jira/jira-port.js';
import type { ScalarResult, VectorResult } from '../adapters/prometheus/prometheus-client.js';
import type { BucketsResult } from '../adapters/prometheus/histogram-buckets.js';
import type { Result as SentryResult } from '../adapters/sentry/sentry-port.js';
import type { SlackResult } from '../adapters/slack/slack-port.js';
import type { WavefrontResult } from '../adapters/wavefront/wavefront-port.js';
import { failed, ok, type Failure, type Result } from './result.js';

// Compile-time proof (`npx tsc --noEmit -p tsconfig.json`): every adapter's
// result is the shared Result, so the runtime can hand any of them on as one.
// A result that drifts (a success without `value`, an error without `retryable`)
// makes the matching line below fail tsc.
type Shared<R extends Result<unknown>> = R;
export type AdapterResults = [
  Shared<KubeResult<string>>,
  Shared<JiraResult<string>>,
  Shared<ScalarResult>,
  Shared<VectorResult>,
  Shared<BucketsResult>,
  Shared<SentryResult<string>>,
  Shared<SlackResult<string>>,
  Shared<WavefrontResult<string>>,
];

describe('Result', () => {
  it('carries the value when ok', () => {
    const result: Result<number> = ok(3);
    expect(result.ok && result.value).toBe(3);
  });

  it('carries code, message and retryable when failed, and narrows to the error', () => {
    const error: Failure<'timeout'> = { code: 'timeout', message: 'Prometheus at prom:9090 did not answer within 10s', retryable: true };
    const result: Result<number, Failure<'timeout'>> = failed(error);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toEqual({ code: 'timeout', message: 'Prometheus at prom:9090 did not answer within 10s', retryable: true });
  });
});
