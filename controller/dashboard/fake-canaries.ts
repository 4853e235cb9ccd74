// Canary objects as the apiserver sends them, with the issue-13 status fields
// filled (timeline, checks with bounds/band/link, blast radius, history), for
// the dashboard's unit tests.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { CanaryStatus, TimelinePoint } from '../schema/canary-status.js';

const T0 = Date.parse('2026-12-06T09:00:00Z');
export const iso = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

/** A timeline of an internal stage, then 10 % and 50 %, with an error-rate check (max 1) failing at the last point. */
export function timeline(): TimelinePoint[] {
  const point = (seconds: number, stage: string, canaryWeight: number, errorRate: number, ratio: number): TimelinePoint => ({
    at: iso(seconds),
    phase: 'Progressing',
    stage,
    canaryWeight,
    internalToCanary: true,
    checks: [
      { name: 'error-rate', outcome: errorRate > 1 ? 'fail' : 'pass', value: errorRate, max: 1 },
      { name: 'errors-vs-primary', outcome: 'pass', value: ratio, max: 2, lower: ratio - 0.3, upper: ratio + 0.4 },
    ],
  });
  return [point(0, 'internal', 0, 0.2, 1), point(30, 'internal', 0, 0.3, 1.1), point(60, 'step-1', 10, 0.4, 1.05), point(90, 'step-2', 50, 4.5, 1.6)];
}

export function progressingStatus(): CanaryStatus {
  return {
    phase: 'Progressing',
    canaryRevision: '7c9f8d',
    stageIndex: 2,
    stageName: 'step-2',
    rolloutStartedAt: iso(0),
    rolloutNumber: 3,
    canaryWeight: 50,
    internalToCanary: true,
    failedChecks: 1,
    checks: [
      { name: 'error-rate', type: 'errorRate', outcome: 'fail', value: 4.5, limit: '<= 1 %', message: '4.5 % of requests failed', measuredAt: iso(90), bounds: { max: 1 }, link: 'https://sentry.example/issues/42/' },
      { name: 'errors-vs-primary', type: 'comparison', outcome: 'pass', value: 1.6, limit: '<= 2x', message: 'ratio 1.6', measuredAt: iso(90), bounds: { max: 2 }, band: { lower: 1.3, upper: 2 } },
    ],
    blastRadius: { internal: { requests: 214, errors: 31 }, customers: { requests: 1200, errors: 54 }, measuredAt: iso(90) },
    timeline: timeline(),
    history: [{ number: 2, revision: '5b1e2a', result: 'promoted', startedAt: iso(-3600), finishedAt: iso(-3000), reason: 'all stages passed' }],
    outbox: [{ id: 'x', notification: '{}', queuedAt: iso(0), attempts: 0 }],
    notified: ['shop/web#3 started'],
  };
}

/** A Canary object in `namespace/name` with `status`. */
export function canaryObject(namespace: string, name: string, status: unknown = progressingStatus()): KubernetesObject {
  return {
    apiVersion: 'songbird.dev/v1alpha1',
    kind: 'Canary',
    metadata: { namespace, name, uid: `${namespace}-${name}`, resourceVersion: '1', managedFields: [] },
    spec: { targetRef: { name: 'web' } },
    status,
  } as KubernetesObject;
}
