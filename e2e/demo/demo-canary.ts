import type { CanarySpecInput } from '../../controller/schema/canary-spec.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';

/** The demo's Canary: internal users first, then 20 % and 50 %; Prometheus, a canary-vs-primary comparison and Sentry decide. */
export function demoCanary(sentryUrl: string, projectId: number): Omit<CanarySpecInput, 'targetRef'> {
  return {
    service: { port: 9898 },
    stages: { internal: { match: INTERNAL_MATCH, minDuration: '20s', minRequests: 100 }, steps: [{ weight: 20 }, { weight: 50 }] },
    analysis: {
      interval: '5s',
      threshold: 2,
      checks: [
        { name: 'errors-vs-primary', type: 'comparison', metric: 'errors', tolerance: 1.5, alpha: 0.01, minRequests: 200 },
        { name: 'success-rate', type: 'successRate', min: 80 },
        { name: 'latency', type: 'latency', percentile: 99, maxMs: 500 },
        { name: 'new-sentry-issues', type: 'sentryNewIssues', max: 0, levels: ['error', 'fatal'] },
      ],
    },
    sentry: {
      baseUrl: sentryUrl,
      organization: 'acme',
      projects: [{ slug: 'shop', id: projectId }],
      tokenSecretRef: { name: 'sentry-token', key: 'token' },
      container: 'app',
    },
    notifications: { slack: { webhookSecretRef: { name: 'slack-webhook', key: 'url' } } },
    progressDeadlineSeconds: 90,
  };
}
