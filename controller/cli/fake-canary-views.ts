// For tests: Canaries as the CLI reads them, in a rollout, finished and failed.
import { viewOf, type CanaryView } from './canary-client.js';
import type { CanaryStatus } from '../schema/canary-status.js';

export const NOW = new Date('2026-12-06T09:00:00Z');

const SPEC = {
  targetRef: { name: 'web' },
  service: { port: 8080 },
  stages: { internal: { match: [{ header: { name: 'x-user', exact: 'internal' } }], minDuration: '2m', minRequests: 100 }, steps: [{ weight: 5 }, { weight: 25 }, { weight: 50 }] },
  analysis: { interval: '30s', threshold: 5, checks: [] },
};

/** A Canary as the apiserver stores it: metadata, the spec above, `status`. */
export function storedCanary(name: string, status: CanaryStatus, extra: { namespace?: string; annotations?: Record<string, string> } = {}): Record<string, unknown> {
  return {
    apiVersion: 'songbird.dev/v1alpha1',
    kind: 'Canary',
    metadata: { name, namespace: extra.namespace ?? 'shop', creationTimestamp: '2026-12-04T08:30:00Z', annotations: extra.annotations ?? {} },
    spec: SPEC,
    status,
  };
}

/** Progressing at weight-25 (3 of 4 stages), one failing latency check with a Sentry link, a comparison with its band. */
export const PROGRESSING: CanaryStatus = {
  phase: 'Progressing',
  canaryRevision: '7c9f4d8b6',
  lastPromotedRevision: '5b2a1c9d0',
  rolloutNumber: 4,
  stageIndex: 2,
  stageName: 'weight-25',
  stageStartedAt: '2026-12-06T08:57:50Z',
  rolloutStartedAt: '2026-12-06T08:50:00Z',
  lastTransitionTime: '2026-12-06T08:57:50Z',
  lastAnalysisAt: '2026-12-06T08:59:52Z',
  canaryWeight: 25,
  internalToCanary: true,
  failedChecks: 2,
  reason: 'stage weight-5 passed',
  checks: [
    { name: 'success-rate', type: 'successRate', outcome: 'pass', value: 99.73, limit: '>= 95 %', message: 'success rate 99.73 % >= 95 %', measuredAt: '2026-12-06T08:59:52Z', bounds: { min: 95 } },
    { name: 'latency', type: 'latency', outcome: 'fail', value: 812.456, limit: '<= 500 ms', message: 'p99 812 ms > 500 ms', measuredAt: '2026-12-06T08:59:52Z', bounds: { max: 500 }, link: 'https://sentry.example/issues/42/' },
    { name: 'errors-vs-primary', type: 'comparison', outcome: 'pass', value: 1.12, limit: '<= 1.2 × primary', message: 'ratio 1.12', measuredAt: '2026-12-06T08:59:52Z', band: { lower: 0.912, upper: 1.384 } },
  ],
  blastRadius: { internal: { requests: 214, errors: 31 }, customers: { requests: 1204, errors: 3 }, measuredAt: '2026-12-06T08:59:52Z' },
  history: [
    { number: 3, revision: '5b2a1c9d0', result: 'promoted', startedAt: '2026-12-05T10:00:00Z', finishedAt: '2026-12-05T10:06:30Z', reason: 'all stages passed', blastRadius: { internal: { requests: 400, errors: 0 }, customers: { requests: 9000, errors: 2 }, measuredAt: '2026-12-05T10:06:30Z' } },
    { number: 2, revision: '3e4f5a6b7', result: 'rolledBack', startedAt: '2026-12-04T09:00:00Z', finishedAt: '2026-12-04T09:03:00Z', reason: 'latency failed 5 times; reached 0 customers (214 internal requests, 31 errors)' },
  ],
};

export const SUCCEEDED: CanaryStatus = {
  phase: 'Succeeded',
  lastPromotedRevision: '7c9f4d8b6',
  canaryRevision: '7c9f4d8b6',
  rolloutNumber: 4,
  lastTransitionTime: '2026-12-06T08:40:00Z',
  reason: 'promoted revision 7c9f4d8b6',
  canaryWeight: 0,
  internalToCanary: false,
  failedChecks: 0,
  history: [{ number: 4, revision: '7c9f4d8b6', result: 'promoted', startedAt: '2026-12-06T08:30:00Z', finishedAt: '2026-12-06T08:40:00Z', reason: 'all stages passed' }],
};

export const FAILED: CanaryStatus = {
  phase: 'Failed',
  lastPromotedRevision: '5b2a1c9d0',
  failedRevision: '7c9f4d8b6',
  canaryRevision: '7c9f4d8b6',
  rolloutNumber: 4,
  lastTransitionTime: '2026-12-06T08:58:00Z',
  reason: 'latency failed 5 times; reached 0 customers (214 internal requests, 31 errors)',
  failedChecks: 5,
  history: [{ number: 4, revision: '7c9f4d8b6', result: 'rolledBack', startedAt: '2026-12-06T08:50:00Z', finishedAt: '2026-12-06T08:58:00Z', reason: 'latency failed 5 times' }],
};

/** The view of a stored Canary (see storedCanary). */
export const viewFor = (name: string, status: CanaryStatus, extra: { namespace?: string; annotations?: Record<string, string> } = {}): CanaryView =>
  viewOf(storedCanary(name, status, extra));

/** A target Deployment as the apiserver stores it, running `image`; `extraPodSpec` adds pod spec fields (e.g. ones client-node has no model for). */
export function storedDeployment(name: string, image: string, extraPodSpec: Record<string, unknown> = {}, namespace = 'shop'): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, generation: 1 },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }], ...extraPodSpec } },
    },
  };
}
