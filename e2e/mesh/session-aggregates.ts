// Release-health sessions in Sentry's server ("request") mode: one session
// per request, aggregated per version and per minute. A request that threw
// and was handled (the new exception, response 200) is `errored`; one that
// ended in a 5xx is `crashed` (the error escaped the handler); the rest
// `exited` cleanly.
import type { SentryConfig } from './version-behaviour.js';

export type SessionOutcome = 'exited' | 'errored' | 'crashed';

export interface AggregateBucket {
  readonly started: string;
  readonly exited: number;
  readonly errored: number;
  readonly crashed: number;
}

export interface VersionAggregates {
  readonly config: SentryConfig;
  readonly aggregates: readonly AggregateBucket[];
}

export interface SessionAggregator {
  record(config: SentryConfig, outcome: SessionOutcome, at: Date): void;
  /** Returns what was recorded since the last drain, and forgets it. */
  drain(): readonly VersionAggregates[];
}

export function sessionOutcome(status: number, exception: boolean): SessionOutcome {
  if (status >= 500) return 'crashed';
  return exception ? 'errored' : 'exited';
}

export function createSessionAggregator(): SessionAggregator {
  let versions = new Map<string, { config: SentryConfig; buckets: Map<string, Record<SessionOutcome, number>> }>();
  return {
    record(config, outcome, at) {
      const key = JSON.stringify([config.dsn, config.release, config.environment ?? '']);
      const version = versions.get(key) ?? { config, buckets: new Map() };
      versions.set(key, version);
      const started = new Date(Math.floor(at.getTime() / 60_000) * 60_000).toISOString();
      const bucket = version.buckets.get(started) ?? { exited: 0, errored: 0, crashed: 0 };
      version.buckets.set(started, bucket);
      bucket[outcome] += 1;
    },
    drain() {
      const drained = [...versions.values()].map(({ config, buckets }) => ({
        config,
        aggregates: [...buckets].map(([started, counts]) => ({ started, ...counts })),
      }));
      versions = new Map();
      return drained;
    },
  };
}
