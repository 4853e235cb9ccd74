import { parseCanarySpec } from '../schema/canary.js';
import type { Observations, PodTemplate } from './observations.js';
import { sentryMarker } from './rollout-notices.js';
import type { Context } from './transition.js';

const T0 = new Date('2026-11-26T10:00:00Z');

function contextWith(template: PodTemplate): Context {
  const parsed = parseCanarySpec({
    targetRef: { name: 'podinfo' },
    service: { port: 9898 },
    stages: { steps: [{ weight: 10 }] },
    analysis: { interval: '30s', checks: [{ name: 'success-rate', type: 'successRate', min: 99 }] },
    sentry: { organization: 'acme', projects: [{ slug: 'podinfo', id: 42 }], tokenSecretRef: { name: 'sentry-token', key: 'token' } },
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  const observations: Observations = {
    generation: 1,
    annotations: {},
    target: { exists: true, revision: 'v2', template, replicas: 1, available: true },
    primary: { exists: true, revision: 'v1', template, replicas: 1, available: true },
  };
  return {
    canary: { namespace: 'shop', name: 'podinfo' },
    spec: parsed.spec,
    status: { phase: 'Progressing', canaryRevision: 'v2', rolloutStartedAt: T0.toISOString() } as Context['status'],
    observations,
    now: T0,
    nowIso: T0.toISOString(),
    stages: [],
  };
}

describe('sentryMarker', () => {
  it('marks the canary deploy with the release of the only container', () => {
    const ctx = contextWith({ spec: { containers: [{ name: 'app', image: 'podinfo:6.5.0' }] } });
    expect(sentryMarker(ctx, 'canary')).toEqual([
      { type: 'sentryDeploy', id: `v2@${T0.toISOString()}:deploy-canary`, release: '6.5.0', environment: 'canary' },
    ]);
  });

  it('records a Warning Event with the reason, not a silent skip, when the release cannot be named', () => {
    const ctx = contextWith({ spec: { containers: [{ name: 'proxy', image: 'envoy:1.30' }, { name: 'app', image: 'podinfo:6.5.0' }] } });
    const actions = sentryMarker(ctx, 'production');
    expect(actions).toEqual([
      expect.objectContaining({ type: 'recordEvent', eventType: 'Warning', reason: 'SentryMarkerSkipped', id: `v2@${T0.toISOString()}:deploy-production:skipped` }),
    ]);
    const [event] = actions;
    expect(event?.type === 'recordEvent' && event.message).toMatch(/environment production: .*spec\.sentry\.container/);
  });
});
