// For tests: a check parsed from a Canary spec that has spec.sentry, and the
// measurement scope of a Sentry check on shop/podinfo, so each Sentry check
// test states only what it varies (the releases' answers, the clock, overrides).
import { parseCanarySpec } from '../../schema/canary.js';
import type { Check } from '../../schema/checks.js';
import { analysisTimes } from '../../core/measurement/windows.js';
import { istioTelemetry } from '../../adapters/istio/istio-telemetry.js';
import { noSecrets } from './in-memory-wavefront.js';
import type { MeasureScope, SentryTargetResult } from './measure.js';
import { unaskedProviders } from './unasked-providers.js';

/** The canary's workload the scope measures (its release is podinfo@2.0.0). */
export const CANARY_WORKLOAD = { namespace: 'shop', workload: 'podinfo' };
/** The primary's workload the scope measures (its release is podinfo@1.0.0). */
export const PRIMARY_WORKLOAD = { namespace: 'shop', workload: 'podinfo-primary' };
/** Where the scope's Sentry checks read: organization acme, project shop (id 1), token `sekrit`. */
export const SENTRY_TARGET: SentryTargetResult = { ok: true, target: { baseUrl: 'https://sentry.example.com', organization: 'acme', projects: [{ id: '1', slug: 'shop' }], token: 'sekrit' } };

/**
 * `check` as parseCanarySpec gives it from a Canary on podinfo (port 9898, one
 * internal stage, interval 30 s) with spec.sentry (organization acme, project
 * shop). Throws the parse error's message: a refused check is a mistake in the test.
 */
export function sentryCheckOf(check: unknown): Check {
  const parsed = parseCanarySpec({
    targetRef: { name: 'podinfo' },
    service: { port: 9898 },
    stages: { internal: { match: [{ header: { name: 'x-user', exact: 'internal' } }] }, steps: [{ weight: 50 }] },
    analysis: { interval: '30s', checks: [check] },
    sentry: { organization: 'acme', projects: [{ slug: 'shop', id: 1 }], tokenSecretRef: { name: 'sentry-token', key: 'token' } },
  });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.spec.analysis.checks[0]!;
}

/** An analysis at `now` (a Date) of a stage and rollout that began at the given ISO times, 120 s and 600 s before it. */
export interface SentryCheckClock {
  now: Date;
  stageStartedAt: string;
  rolloutStartedAt: string;
}

/**
 * The scope of a Sentry check on CANARY_WORKLOAD (release podinfo@2.0.0)
 * against PRIMARY_WORKLOAD (podinfo@1.0.0) at SENTRY_TARGET, interval 30 s,
 * 100 requests in the interval, Istio telemetry, no secrets; every other
 * provider must not be asked (a Prometheus port comes in `overrides`).
 */
export function sentryCheckScope(sentry: MeasureScope['sentry'], clock: SentryCheckClock, overrides: Partial<MeasureScope> = {}): MeasureScope {
  return {
    ...unaskedProviders(),
    sentry,
    telemetry: istioTelemetry,
    sentryTarget: () => Promise.resolve(SENTRY_TARGET),
    readSecret: noSecrets,
    canary: CANARY_WORKLOAD,
    primary: PRIMARY_WORKLOAD,
    vars: { namespace: 'shop', target: 'podinfo' },
    times: analysisTimes({ stageStartedAt: clock.stageStartedAt, rolloutStartedAt: clock.rolloutStartedAt }, { intervalSeconds: 30, stageSeconds: 120, rolloutSeconds: 600 }, clock.now),
    intervalRequests: { ok: true, value: 100 },
    canaryRelease: { ok: true, release: 'podinfo@2.0.0', container: 'app' },
    primaryRelease: { ok: true, release: 'podinfo@1.0.0', container: 'app' },
    ...overrides,
  };
}
