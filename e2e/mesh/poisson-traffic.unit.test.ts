import { describe, expect, it } from '@jest/globals';
import { arrivalsIn, poissonCount, startPoissonTraffic } from './poisson-traffic.js';
import type { UserKind } from './request-outcome.js';
import { seededRandom } from './seeded-random.js';

describe('poissonCount', () => {
  it.each([0.2, 3, 12, 80])('has a mean near %f when drawn many times', (mean) => {
    const random = seededRandom(11);
    const draws = Array.from({ length: 5000 }, () => poissonCount(mean, random));
    const average = draws.reduce((a, b) => a + b, 0) / draws.length;
    expect(Math.abs(average - mean)).toBeLessThan(Math.max(0.05, mean * 0.03));
  });

  it('returns 0 when the mean is 0', () => {
    expect(poissonCount(0, seededRandom(1))).toBe(0);
  });
});

describe('arrivalsIn', () => {
  it('draws arrivals in proportion to each rate when summed over many intervals', () => {
    const random = seededRandom(2);
    let internal = 0;
    let customer = 0;
    for (let i = 0; i < 1000; i += 1) {
      const arrivals = arrivalsIn({ internalRps: 10, customerRps: 40 }, 100, random);
      internal += arrivals.internal;
      customer += arrivals.customer;
    }
    expect(internal / 1000).toBeCloseTo(1, 0);
    expect(customer / 1000).toBeCloseTo(4, 0);
  });
});

describe('startPoissonTraffic', () => {
  it('stops at maxRequests when the count limit is reached first', async () => {
    const seen: UserKind[] = [];
    const traffic = startPoissonTraffic({
      rates: { internalRps: 200, customerRps: 200 },
      limits: { maxDurationMs: 10_000, maxRequests: 50 },
      random: seededRandom(3),
      onRequest: (user) => seen.push(user),
      tickMs: 10,
    });
    await traffic.done;
    expect([seen.length, traffic.sent()]).toEqual([50, 50]);
    expect(new Set(seen)).toEqual(new Set(['internal', 'customer']));
  });

  it('stops at maxDurationMs when the duration limit is reached first', async () => {
    const started = Date.now();
    const traffic = startPoissonTraffic({
      rates: { internalRps: 0, customerRps: 5 },
      limits: { maxDurationMs: 200 },
      random: seededRandom(4),
      onRequest: () => undefined,
      tickMs: 20,
    });
    await traffic.done;
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('sends only the kinds whose rate is positive when rates change at runtime', async () => {
    const seen: UserKind[] = [];
    const traffic = startPoissonTraffic({
      rates: { internalRps: 0, customerRps: 0 },
      limits: { maxDurationMs: 5_000, maxRequests: 30 },
      random: seededRandom(5),
      onRequest: (user) => seen.push(user),
      tickMs: 10,
    });
    traffic.setRates({ internalRps: 300 });
    await traffic.done;
    expect([seen.length, new Set(seen)]).toEqual([30, new Set(['internal'])]);
    expect(traffic.rates()).toEqual({ internalRps: 300, customerRps: 0 });
  });
});
