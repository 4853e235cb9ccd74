// Poisson arrivals of internal and customer requests at adjustable rates,
// bounded by duration and count. Arrivals are drawn per tick: the number of
// arrivals in a tick of dt seconds at rate r is Poisson(r·dt).
import { USER_KINDS, type UserKind } from './request-outcome.js';
import type { RandomSource } from './seeded-random.js';

export interface TrafficRates {
  readonly internalRps: number;
  readonly customerRps: number;
}

export interface TrafficLimits {
  readonly maxDurationMs: number;
  readonly maxRequests?: number;
}

export interface TrafficGenerator {
  setRates(rates: Partial<TrafficRates>): void;
  rates(): TrafficRates;
  sent(): number;
  /** Resolves when the limits are reached or stop() is called. */
  readonly done: Promise<void>;
  stop(): void;
}

export interface TrafficOptions {
  readonly rates: TrafficRates;
  readonly limits: TrafficLimits;
  readonly random: RandomSource;
  readonly onRequest: (user: UserKind) => void;
  readonly tickMs?: number;
}

/** Hard ceiling on any rate, so a typo cannot flood the process. */
export const MAX_RPS = 2_000;

export function poissonCount(mean: number, random: RandomSource): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const u1 = 1 - random();
    const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random();
  while (product > limit) {
    count += 1;
    product *= random();
  }
  return count;
}

export function arrivalsIn(rates: TrafficRates, elapsedMs: number, random: RandomSource): Record<UserKind, number> {
  return {
    internal: poissonCount((rates.internalRps * elapsedMs) / 1000, random),
    customer: poissonCount((rates.customerRps * elapsedMs) / 1000, random),
  };
}

function clampRate(rps: number): number {
  return Number.isFinite(rps) ? Math.min(Math.max(rps, 0), MAX_RPS) : 0;
}

export function startPoissonTraffic(options: TrafficOptions): TrafficGenerator {
  const tickMs = options.tickMs ?? 50;
  const maxRequests = options.limits.maxRequests ?? Number.POSITIVE_INFINITY;
  const startedAt = performance.now();
  let current: TrafficRates = { internalRps: clampRate(options.rates.internalRps), customerRps: clampRate(options.rates.customerRps) };
  let sent = 0;
  let lastTick = startedAt;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });

  const stop = (): void => {
    clearInterval(timer);
    finish();
  };
  const tick = (): void => {
    const now = performance.now();
    const arrivals = arrivalsIn(current, now - lastTick, options.random);
    lastTick = now;
    // Interleave kinds so a count limit does not starve one of them.
    const queue = USER_KINDS.flatMap((user) => Array.from({ length: arrivals[user] }, () => user));
    for (let i = queue.length - 1; i > 0; i -= 1) {
      const j = Math.floor(options.random() * (i + 1));
      [queue[i], queue[j]] = [queue[j] as UserKind, queue[i] as UserKind];
    }
    for (const user of queue) {
      if (sent >= maxRequests) break;
      sent += 1;
      options.onRequest(user);
    }
    if (sent >= maxRequests || now - startedAt >= options.limits.maxDurationMs) stop();
  };
  const timer = setInterval(tick, tickMs);

  return {
    setRates(rates) {
      current = {
        internalRps: clampRate(rates.internalRps ?? current.internalRps),
        customerRps: clampRate(rates.customerRps ?? current.customerRps),
      };
    },
    rates: () => current,
    sent: () => sent,
    done,
    stop,
  };
}
