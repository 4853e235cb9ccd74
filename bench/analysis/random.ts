// Seeded randomness for the analysis bench: a small counter-free generator (sfc32) seeded
// through splitmix32, and the samplers the traffic model needs. State lives in closures
// created per use; nothing here is module-level mutable state.

export interface Random {
  /** Uniform in (0, 1), never exactly 0 or 1. */
  uniform(): number;
  normal(): number;
  poisson(mean: number): number;
  binomial(trials: number, probability: number): number;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** One stream per (seed, stream) pair, e.g. (rollout, interval), for common random numbers. */
export function createRandom(seed: number, stream = 0): Random {
  const mix = splitmix32((seed * 0x01000193) ^ Math.imul(stream + 1, 0x9e3779b1));
  let [a, b, c, d] = [mix(), mix(), mix(), mix()];
  const next = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let warm = 0; warm < 12; warm += 1) next();
  const uniform = (): number => (next() + 0.5) / 4294967296;
  const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return {
    uniform,
    normal,
    poisson: (mean) => samplePoisson(uniform, mean),
    binomial: (trials, probability) => sampleBinomial(uniform, trials, probability),
  };
}

/** log k! by summation below 16, Stirling's series above (error < 1e-10). */
export function logFactorial(k: number): number {
  if (k < 16) {
    let sum = 0;
    for (let i = 2; i <= k; i += 1) sum += Math.log(i);
    return sum;
  }
  const inverse = 1 / k;
  const series = inverse / 12 - inverse ** 3 / 360 + inverse ** 5 / 1260;
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + series;
}

/** Knuth's product method for small means, Hörmann's PTRS transformed rejection above 10. */
function samplePoisson(uniform: () => number, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    const limit = Math.exp(-mean);
    let [count, product] = [0, uniform()];
    while (product > limit) {
      count += 1;
      product *= uniform();
    }
    return count;
  }
  const root = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * root;
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const acceptFast = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = uniform() - 0.5;
    const v = uniform();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= acceptFast) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    const logAccept = Math.log(v * inverseAlpha) - Math.log(a / (us * us) + b);
    if (logAccept <= -mean + k * logMean - logFactorial(k)) return k;
  }
}

/** Counts successes by geometric skips: O(trials·p) work, exact for any p. */
function sampleBinomial(uniform: () => number, trials: number, probability: number): number {
  if (trials <= 0 || probability <= 0) return 0;
  if (probability >= 1) return trials;
  if (probability > 0.5) return trials - sampleBinomial(uniform, trials, 1 - probability);
  const logFailure = Math.log1p(-probability);
  let [count, position] = [0, Math.floor(Math.log(uniform()) / logFailure) + 1];
  while (position <= trials) {
    count += 1;
    position += Math.floor(Math.log(uniform()) / logFailure) + 1;
  }
  return count;
}
