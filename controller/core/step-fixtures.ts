// Fixtures shared by the step tests: a Canary spec, workloads, observations and action readers.
import { parseCanarySpec } from '../schema/canary.js';
import type { CanarySpecInput } from '../schema/canary-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import type { Action } from './actions.js';
import type { Analysis, Measurement, Observations, WorkloadObservation } from './observations.js';
import { step } from './step.js';

export const T0 = new Date('2026-11-26T10:00:00Z');
export const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

export function specOf(overrides: Partial<CanarySpecInput> = {}) {
  const parsed = parseCanarySpec({
    targetRef: { name: 'podinfo' },
    service: { port: 9898 },
    stages: {
      internal: { match: [{ header: { name: 'x-songbird-user', exact: 'internal' } }], minDuration: '1m', minRequests: 20 },
      steps: [{ weight: 10 }, { weight: 50 }],
    },
    analysis: {
      interval: '30s',
      threshold: 2,
      checks: [
        { name: 'success-rate', type: 'successRate', min: 99 },
        { name: 'latency', type: 'latency', maxMs: 500 },
      ],
    },
    progressDeadlineSeconds: 300,
    ...overrides,
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.spec;
}

export const template = (image: string) => ({ metadata: { labels: { app: 'podinfo' } }, spec: { containers: [{ name: 'app', image }] } });
export const workload = (revision: string, over: Partial<WorkloadObservation> = {}): WorkloadObservation => ({
  exists: true,
  revision,
  template: template(`podinfo:${revision}`),
  replicas: 2,
  available: true,
  ...over,
});

export function observe(over: Partial<Observations> = {}): Observations {
  return { generation: 1, annotations: {}, target: workload('v2'), primary: workload('v1'), ...over };
}

export const passing: Measurement[] = [
  { check: 'success-rate', kind: 'value', value: 99.8 },
  { check: 'latency', kind: 'value', value: 120 },
];
export const analysisOf = (measurements: Measurement[], requests = 100): Analysis => ({
  measurements,
  canaryRequestsInStage: requests,
  canaryRequestsInRollout: requests,
});

export const progressingAt = (stageIndex: number, extra: Partial<CanaryStatus> = {}): CanaryStatus => ({
  phase: 'Progressing',
  replicas: 2,
  lastPromotedRevision: 'v1',
  canaryRevision: 'v2',
  rolloutStartedAt: T0.toISOString(),
  stageIndex,
  stageName: ['internal', 'weight-10', 'weight-50'][stageIndex],
  stageStartedAt: T0.toISOString(),
  failedChecks: 0,
  internalToCanary: true,
  canaryWeight: [0, 10, 50][stageIndex],
  ...extra,
});

export const ofType = <K extends Action['type']>(actions: Action[], type: K) =>
  actions.filter((a): a is Extract<Action, { type: K }> => a.type === type);
export const routesOf = (actions: Action[]) => ofType(actions, 'setRoutes').at(-1)?.routes;
export const scaleOf = (actions: Action[]) => ofType(actions, 'scaleCanary').at(-1)?.replicas;
export const notified = (actions: Action[]) => ofType(actions, 'notify').map((a) => a.notification.kind);

export const run = (status: CanaryStatus, observations: Observations, now = at(0), spec = specOf()) =>
  step({ canary: { namespace: 'shop', name: 'podinfo' }, spec, status, observations, now });

