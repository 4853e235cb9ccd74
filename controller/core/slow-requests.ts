import type { CountPair, Histogram, HistogramSide } from './observations.js';

export type SlowRequests = { ok: true; unit: string; counts: CountPair } | { ok: false; reason: string };

// A relative fall between two cumulative buckets this small is float noise, not a broken
// histogram: Prometheus's histogram_quantile ignores it too (smallDeltaTolerance in
// promql/quantile.go, compared as util/almost.Equal does).
const SMALL_DELTA_TOLERANCE = 1e-12;

/**
 * Requests slower than the greatest bucket bound at or below `thresholdMs` that every side with
 * buckets has, canary and primary, from cumulative histogram buckets (as Prometheus's `le`
 * buckets are: each counts the requests at most `le` long, +Inf counts them all). The unit names
 * the bound used, and the threshold when the bound lies below it. Errors naming the metric, never
 * 0 fast requests and never a pass: a side without any bucket series although its request
 * counter moved; a side without +Inf; a side whose counts fall as the bound grows (not
 * cumulative); and no bound at or below the threshold common to both sides.
 */
export function slowRequestCounts(metric: string, thresholdMs: number, canary: HistogramSide, primary: HistogramSide): SlowRequests {
  const sides = [['canary', canary], ['primary', primary]] as const;
  for (const [name, side] of sides) {
    if (side.buckets.length === 0 && (side.requests ?? 0) >= 1) {
      return { ok: false, reason: `${metric} returned no buckets for the ${name}, which served ${Math.round(side.requests!)} requests` };
    }
    if (side.buckets.length > 0 && !side.buckets.some((b) => b.le === Number.POSITIVE_INFINITY)) {
      return { ok: false, reason: `${metric} has no le="+Inf" bucket for the ${name} (bounds: ${boundsOf(side.buckets)}), so its requests cannot be counted` };
    }
    const fall = firstFall(side.buckets);
    if (fall) {
      return {
        ok: false,
        reason: `${metric} is not cumulative for the ${name}: le="${boundText(fall.lower.le)}" counts ${countText(fall.lower.count)} requests but le="${boundText(fall.upper.le)}" only ${countText(fall.upper.count)}, so its slow requests cannot be counted`,
      };
    }
  }
  const measured = sides.filter(([, side]) => side.buckets.length > 0);
  if (measured.length === 0) return { ok: true, unit: `requests over ${thresholdMs} ms`, counts: { canary: none, primary: none } };
  const usable = measured.map(([name, side]) => [name, side, new Set(side.buckets.map((b) => b.le).filter((le) => Number.isFinite(le) && le <= thresholdMs))] as const);
  const bare = usable.find(([, , bounds]) => bounds.size === 0);
  if (bare) return { ok: false, reason: `${metric} has no bucket at or below ${thresholdMs} ms for the ${bare[0]} (bounds: ${boundsOf(bare[1].buckets)})` };
  const common = [...usable[0]![2]].filter((le) => usable.every(([, , bounds]) => bounds.has(le)));
  if (common.length === 0) {
    const layouts = measured.map(([name, side]) => `${name}: ${boundsOf(side.buckets)}`).join('; ');
    return { ok: false, reason: `${metric} has no bucket bound at or below ${thresholdMs} ms that the canary and the primary share (${layouts}), so their slow requests cannot be compared` };
  }
  const bound = Math.max(...common);
  const slow = (buckets: Histogram) => {
    const trials = countAt(buckets, Number.POSITIVE_INFINITY);
    return { events: Math.max(0, trials - countAt(buckets, bound)), trials };
  };
  const unit = bound === thresholdMs ? `requests over ${bound} ms` : `requests over ${bound} ms (the greatest bucket bound ${measured.length === 2 ? 'both sides share ' : ''}at or below the ${thresholdMs} ms threshold)`;
  return { ok: true, unit, counts: { canary: slow(canary.buckets), primary: slow(primary.buckets) } };
}

/** The first pair of neighbouring buckets (by bound) whose count falls by more than float noise. */
function firstFall(buckets: Histogram) {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  for (let i = 1; i < sorted.length; i++) {
    const lower = sorted[i - 1]!;
    const upper = sorted[i]!;
    if (upper.count < lower.count && !almostEqual(lower.count, upper.count)) return { lower, upper };
  }
  return undefined;
}

const almostEqual = (a: number, b: number) => Math.abs(a - b) / (Math.abs(a) + Math.abs(b)) < SMALL_DELTA_TOLERANCE;

const none = { events: 0, trials: 0 };
const countAt = (buckets: Histogram, le: number) => Math.max(0, buckets.find((b) => b.le === le)?.count ?? 0);
/** Counts from increase() can be fractional: two decimals are enough to show a fall. */
const countText = (count: number) => String(Math.round(count * 100) / 100);
const boundText = (le: number) => (Number.isFinite(le) ? String(le) : le > 0 ? '+Inf' : '-Inf');
const boundsOf = (buckets: Histogram) => buckets.map((b) => boundText(b.le)).join(', ') || 'none';
