import pLimit from 'p-limit';
import type { PrometheusClient } from '../adapters/prometheus/prometheus-client.js';
import type { SentryPort } from '../adapters/sentry/sentry-port.js';
import type { WavefrontPort } from '../adapters/wavefront/wavefront-port.js';

/**
 * Per-system concurrency limits: at most `n` calls to one outside system are
 * in flight at once, the rest wait in arrival order (FIFO), so 1,000 Canaries
 * analysed in the same second do not open 1,000 connections to Prometheus or
 * Sentry. The waiting is done by p-limit (https://github.com/sindresorhus/p-limit),
 * a small, well-kept library, rather than by a queue of our own.
 */

/** What a limited port reports about its limiter (the calls-waiting gauge reads it). */
export interface CallLimit {
  /** Calls allowed in flight at once. */
  readonly concurrency: number;
  /** Calls waiting for a free slot. */
  waiting(): number;
  /** Calls running now (at most `concurrency`). */
  inFlight(): number;
}

/** A port whose every method goes through one limiter; still usable wherever the port is. */
export type Limited<Port> = Port & { readonly limit: CallLimit };

/**
 * One limiter of `n` slots. `n` comes from validated configuration (an integer
 * ≥ 1); anything else is a bug and p-limit throws a TypeError.
 */
function limiter(n: number): { run: <T>(call: () => Promise<T>) => Promise<T>; limit: CallLimit } {
  const limit = pLimit(n);
  return {
    run: (call) => limit(call),
    limit: { concurrency: n, waiting: () => limit.pendingCount, inFlight: () => limit.activeCount },
  };
}

/**
 * Wraps every method of a Prometheus client so at most `n` queries run at
 * once (SONGBIRD_PROMETHEUS_CONCURRENCY); answers and error values pass
 * through unchanged, and a call that rejects frees its slot.
 */
export function limitPrometheus(client: PrometheusClient, n: number): Limited<PrometheusClient> {
  const { run, limit } = limiter(n);
  const limited: PrometheusClient = {
    scalar: (query, at) => run(() => client.scalar(query, at)),
    vector: (query, at) => run(() => client.vector(query, at)),
  };
  return { ...limited, limit };
}

/**
 * Wraps every method of a Sentry port so at most `n` API calls run at once
 * (SONGBIRD_SENTRY_CONCURRENCY). One `newIssues` call is one slot, however
 * many pages it walks. Answers and error values pass through unchanged.
 */
export function limitSentry(port: SentryPort, n: number): Limited<SentryPort> {
  const { run, limit } = limiter(n);
  const limited: SentryPort = {
    newIssues: (t, q) => run(() => port.newIssues(t, q)),
    errorEvents: (t, q) => run(() => port.errorEvents(t, q)),
    transactionDurations: (t, q) => run(() => port.transactionDurations(t, q)),
    crashFreeSessions: (t, q) => run(() => port.crashFreeSessions(t, q)),
    ensureRelease: (t, release) => run(() => port.ensureRelease(t, release)),
    recordDeploy: (t, release, environment, name) => run(() => port.recordDeploy(t, release, environment, name)),
  };
  return { ...limited, limit };
}

/**
 * Wraps a Wavefront port so at most `n` queries run at once across every instance
 * (SONGBIRD_WAVEFRONT_CONCURRENCY). Answers and error values pass through unchanged.
 */
export function limitWavefront(port: WavefrontPort, n: number): Limited<WavefrontPort> {
  const { run, limit } = limiter(n);
  const limited: WavefrontPort = { lastValue: (t, q) => run(() => port.lastValue(t, q)) };
  return { ...limited, limit };
}
