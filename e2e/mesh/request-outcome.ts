// Samples what one request to a version does. Pure given the random source.
import type { RandomSource } from './seeded-random.js';
import type { VersionBehaviour } from './version-behaviour.js';

export type UserKind = 'internal' | 'customer';
export const USER_KINDS: readonly UserKind[] = ['internal', 'customer'];

/** Spread of the lognormal latency around its median (sigma of the log). */
export const LATENCY_LOG_SIGMA = 0.35;

export interface RequestOutcome {
  readonly status: 200 | 500;
  readonly durationMs: number;
  /** The version threw (and reported) its new exception type; the response is still 200. */
  readonly exception: boolean;
}

/**
 * A 500 with probability errorRate. Otherwise, for internal users only, the
 * new exception with probability internalExceptionRate (response stays 200).
 * Latency is lognormal with the configured median.
 */
export function sampleOutcome(behaviour: VersionBehaviour, user: UserKind, random: RandomSource): RequestOutcome {
  const failed = random() < behaviour.errorRate;
  const exception = !failed && user === 'internal' && random() < behaviour.internalExceptionRate;
  return { status: failed ? 500 : 200, durationMs: sampleLatency(behaviour.latencyMs, random), exception };
}

export function sampleLatency(medianMs: number, random: RandomSource): number {
  if (medianMs <= 0) return 0;
  return medianMs * Math.exp(LATENCY_LOG_SIGMA * standardNormal(random));
}

/** Box–Muller. */
function standardNormal(random: RandomSource): number {
  const u1 = 1 - random();
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
