import { createRandom, logFactorial } from './random.js';

const moments = (draws: readonly number[]) => {
  const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
  return { mean, variance: draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / draws.length };
};

describe('createRandom', () => {
  it('repeats the same draws when given the same seed and stream', () => {
    const [a, b] = [createRandom(7, 3), createRandom(7, 3)];
    expect(Array.from({ length: 5 }, () => a.uniform())).toEqual(Array.from({ length: 5 }, () => b.uniform()));
  });

  it.each([0.7, 4, 35, 2500])('draws Poisson(%p) with matching mean and variance', (mean) => {
    const random = createRandom(11);
    const result = moments(Array.from({ length: 20_000 }, () => random.poisson(mean)));
    expect(Math.abs(result.mean - mean)).toBeLessThan(5 * Math.sqrt(mean / 20_000));
    expect(result.variance / mean).toBeGreaterThan(0.95);
    expect(result.variance / mean).toBeLessThan(1.05);
  });

  it.each([
    [600, 0.01],
    [200, 0.7],
  ])('draws Binomial(%p, %p) with matching mean', (trials, p) => {
    const random = createRandom(5);
    const result = moments(Array.from({ length: 20_000 }, () => random.binomial(trials, p)));
    expect(Math.abs(result.mean - trials * p)).toBeLessThan(5 * Math.sqrt((trials * p * (1 - p)) / 20_000));
  });
});

describe('logFactorial', () => {
  it.each([
    [0, 0],
    [5, Math.log(120)],
    [20, Math.log(2432902008176640000)],
  ])('is log(%p!) when computed exactly', (k, expected) => {
    expect(logFactorial(k)).toBeCloseTo(expected, 9);
  });
});
