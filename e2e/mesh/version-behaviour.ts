// How a demo version behaves, read from its pod template's env. This is the
// contract with the test scenarios: a Deployment's env says how it misbehaves.
import type { V1Container } from '@kubernetes/client-node';

export const BEHAVIOUR_ENV = {
  errorRate: 'DEMO_ERROR_RATE',
  latencyMs: 'DEMO_LATENCY_MS',
  internalExceptionRate: 'DEMO_INTERNAL_EXCEPTION_RATE',
  sentryDsn: 'SENTRY_DSN',
  sentryRelease: 'SENTRY_RELEASE',
  sentryEnvironment: 'SENTRY_ENVIRONMENT',
  sentryTracesSampleRate: 'SENTRY_TRACES_SAMPLE_RATE',
} as const;

export const DEFAULT_LATENCY_MS = 20;

export interface SentryConfig {
  readonly dsn: string;
  readonly release: string;
  readonly environment?: string;
  /** The SDK's tracesSampleRate (0..1) from SENTRY_TRACES_SAMPLE_RATE, as Sentry.init reads it; absent: no transactions. */
  readonly tracesSampleRate?: number;
}

export interface VersionBehaviour {
  /** Fraction (0..1) of requests answered 500. */
  readonly errorRate: number;
  /** Median latency in milliseconds. */
  readonly latencyMs: number;
  /** Fraction (0..1) of internal users' requests that throw a new exception type (response stays 200). */
  readonly internalExceptionRate: number;
  readonly sentry?: SentryConfig;
  /** Env values that could not be read and fell back to defaults. */
  readonly issues: readonly string[];
}

/**
 * Literal env values of one container, as its process sees them: a later
 * entry of the same name replaces an earlier one; `valueFrom` and `envFrom`
 * are ignored (the stand-in has no Secrets or ConfigMaps to read).
 */
export function containerEnv(container: V1Container | undefined): Readonly<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const variable of container?.env ?? []) {
    if (variable.value !== undefined) env[variable.name] = variable.value;
    else delete env[variable.name];
  }
  return env;
}

/** `registry:5000/team/podinfo:6.1.0` → `6.1.0`; `…@sha256:abc` → `sha256:abc`; no tag → `latest`. */
export function imageTag(image: string | undefined): string {
  if (!image) return 'unknown';
  const digestAt = image.indexOf('@');
  if (digestAt >= 0) return image.slice(digestAt + 1);
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  return colon >= 0 ? lastSegment.slice(colon + 1) : 'latest';
}

export function versionBehaviour(env: Readonly<Record<string, string>>, image: string | undefined): VersionBehaviour {
  const issues: string[] = [];
  const number = (name: string, fallback: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const value = Number(raw);
    if (Number.isFinite(value) && value >= 0 && value <= max) return value;
    issues.push(`${name}=${JSON.stringify(raw)} is not a number in [0, ${max}]; using ${fallback}`);
    return fallback;
  };
  const dsn = env[BEHAVIOUR_ENV.sentryDsn]?.trim();
  const environment = env[BEHAVIOUR_ENV.sentryEnvironment]?.trim();
  const tracing = env[BEHAVIOUR_ENV.sentryTracesSampleRate] !== undefined ? { tracesSampleRate: number(BEHAVIOUR_ENV.sentryTracesSampleRate, 0, 1) } : {};
  return {
    errorRate: number(BEHAVIOUR_ENV.errorRate, 0, 1),
    latencyMs: number(BEHAVIOUR_ENV.latencyMs, DEFAULT_LATENCY_MS, 3_600_000),
    internalExceptionRate: number(BEHAVIOUR_ENV.internalExceptionRate, 0, 1),
    ...(dsn
      ? { sentry: { dsn, release: env[BEHAVIOUR_ENV.sentryRelease]?.trim() || imageTag(image), ...(environment ? { environment } : {}), ...tracing } }
      : {}),
    issues,
  };
}
