import type { CanarySpecInput } from '../../controller/schema/canary-spec.js';
import { INTERNAL_MATCH } from './app-objects.js';

/** A short rollout for tests: a few seconds per stage instead of minutes. */
export function quickRollout(overrides: Partial<Omit<CanarySpecInput, 'targetRef'>> = {}): Omit<CanarySpecInput, 'targetRef'> {
  return {
    service: { port: 9898 },
    stages: { internal: { match: INTERNAL_MATCH, minDuration: '8s', minRequests: 20 }, steps: [{ weight: 25 }, { weight: 50 }] },
    analysis: {
      interval: '4s',
      threshold: 2,
      checks: [
        { name: 'success-rate', type: 'successRate', min: 95 },
        { name: 'latency', type: 'latency', percentile: 99, maxMs: 500 },
      ],
    },
    progressDeadlineSeconds: 60,
    ...overrides,
  };
}
