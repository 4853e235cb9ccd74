// The metric providers the checks read, as one table: how each is built from
// configuration, what one analysis asks of it, and the check types it measures.
// Ports (ports.ts) and MeasureScope (measure.ts) take their provider fields from
// this table, wiring.ts builds them from it and measures.ts dispatches to its
// measures, so a new provider is its adapters/ folder and check module, its
// system in schema/checks.ts (METRIC_SYSTEM_CALLS, with its concurrency default,
// which config.ts turns into its SONGBIRD_<SYSTEM>_CONCURRENCY setting and which
// makes `tsc` ask for its entry here), its check type there and in
// core/measurement/check-kinds.ts, and its entry below.
import { createPrometheusClient } from '../../adapters/prometheus/prometheus-client.js';
import { createSentryAdapter } from '../../adapters/sentry/sentry-adapter.js';
import { createWavefrontClient } from '../../adapters/wavefront/wavefront-client.js';
import { METRIC_SYSTEMS, type MetricSystem } from '../../schema/checks.js';
import { concurrencySetting, type Config } from '../config.js';
import { limitPort, type CallLimit, type PortMethods } from '../system-limits.js';
import type { CheckType } from '../../schema/checks.js';
import { measureComparison } from './comparison.js';
import { measureLatency } from './latency.js';
import type { CheckOf, Measure, Measures, PrometheusAtNow } from './measure.js';
import { measurePromql } from './promql.js';
import { measureSentryCrashFreeSessions } from './sentry-crash-free-sessions.js';
import { measureSentryErrorRate } from './sentry-error-rate.js';
import { measureSentryLatency } from './sentry-latency.js';
import { measureSentryNewIssues } from './sentry-new-issues.js';
import { measureSuccessRate } from './success-rate.js';
import { measureWavefront } from './wavefront.js';

/** One metric provider: its adapter (a port whose methods answer promises), its view for one analysis, the check types it measures. */
export interface Provider<Port, View, Measured extends CheckType> {
  /** The adapter; `timeoutMs` bounds each request (SONGBIRD_HTTP_TIMEOUT_MS). */
  create(config: Config, timeoutMs: number): Port;
  /** What the checks of an analysis taken at `now` ask of it. */
  atAnalysis(port: Port, now: Date): View;
  /** One Measure per check type it measures (each check type is measured by exactly one provider). */
  measures: { readonly [K in Measured]: Measure<CheckOf<K>> };
}

const provider = <Port extends PortMethods<Port>, View, Measured extends CheckType>(definition: Provider<Port, View, Measured>): Provider<Port, View, Measured> => definition;
const asIs = <Port>(port: Port): Port => port;

/** Every metric system's provider; a system of METRIC_SYSTEMS without one fails `tsc` here. */
export const PROVIDERS = {
  prometheus: provider({
    create: (config, timeoutMs) => createPrometheusClient({ baseUrl: config.SONGBIRD_PROMETHEUS_URL, timeoutMs }),
    // Every query of one analysis is evaluated at its one time, so counts and their parts agree.
    atAnalysis: (client, now): PrometheusAtNow => ({ scalar: (query) => client.scalar(query, now), vector: (query) => client.vector(query, now) }),
    // comparison counts requests here whatever its metric (sentryErrors and sentrySlowTransactions also ask Sentry).
    measures: { successRate: measureSuccessRate, latency: measureLatency, promql: measurePromql, comparison: measureComparison },
  }),
  sentry: provider({
    create: (_config, timeoutMs) => createSentryAdapter({ timeoutMs }),
    atAnalysis: asIs,
    measures: {
      sentryNewIssues: measureSentryNewIssues,
      sentryErrorRate: measureSentryErrorRate,
      sentryCrashFreeSessions: measureSentryCrashFreeSessions,
      sentryLatency: measureSentryLatency,
    },
  }),
  wavefront: provider({
    // Each wavefront check names its instance and token's Secret; the client holds neither.
    create: (_config, timeoutMs) => createWavefrontClient({ timeoutMs }),
    atAnalysis: asIs,
    measures: { wavefront: measureWavefront },
  }),
} satisfies { readonly [S in MetricSystem]: object };

type Providers = typeof PROVIDERS;

/** Every provider's port (Ports carries them: ports.prometheus, ports.sentry, ...). */
export type ProviderPorts = { readonly [S in MetricSystem]: ReturnType<Providers[S]['create']> };

/** What one analysis's checks ask of each provider (MeasureScope carries them: scope.prometheus, ...). */
export type AnalysisProviders = { readonly [S in MetricSystem]: ReturnType<Providers[S]['atAnalysis']> };

/** The table without its per-provider types, for the loops below (each entry keeps its own types above). */
type AnyProvider = Provider<Record<string, (...args: unknown[]) => Promise<unknown>>, unknown, never>;

/** One type holding every provider's measures (a union of their tables turned into their intersection). */
type AllMeasures = { [S in MetricSystem]: (table: Providers[S]['measures']) => void }[MetricSystem] extends (table: infer T) => void ? T : never;

/**
 * Every check type's measurement, from the providers' tables. No default: a check type added to
 * schema/checks.ts that no provider measures fails `tsc` here (see exhaustive.test.ts).
 */
export const measures: Measures = Object.assign({}, ...METRIC_SYSTEMS.map((system) => (PROVIDERS as unknown as Record<MetricSystem, { measures: object }>)[system].measures)) as AllMeasures;
const table = PROVIDERS as unknown as Record<MetricSystem, AnyProvider>;

/**
 * Every provider's port from validated configuration, each behind its own
 * concurrency limit (system-limits.ts), and those limits for the
 * calls-waiting gauge. Contacts nothing.
 */
export function createProviders(config: Config, timeoutMs: number): { ports: ProviderPorts; limits: Readonly<Record<MetricSystem, CallLimit>> } {
  const limited = METRIC_SYSTEMS.map((system) => [system, limitPort(table[system].create(config, timeoutMs), config[concurrencySetting(system)])] as const);
  return {
    ports: Object.fromEntries(limited) as unknown as ProviderPorts,
    limits: Object.fromEntries(limited.map(([system, port]) => [system, port.limit])) as Record<MetricSystem, CallLimit>,
  };
}

/** What the checks of an analysis at `now` ask of each provider's port in `ports`. */
export function analysisProviders(ports: ProviderPorts, now: Date): AnalysisProviders {
  const views = METRIC_SYSTEMS.map((system) => [system, table[system].atAnalysis(ports[system] as unknown as Parameters<AnyProvider['atAnalysis']>[0], now)] as const);
  return Object.fromEntries(views) as unknown as AnalysisProviders;
}
