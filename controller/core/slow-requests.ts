import type { CountPair, Histogram, HistogramSide } from './observations.js';

export type SlowRequests = { ok: true; unit: string; counts: CountPair } | { ok: false; reason: string };

/**
 * Requests slower than the greatest bucket bound at or below `thresholdMs`, canary and primary,
 * from cumulative histogram buckets (as Prometheus's `le` buckets are: each counts the requests
 * at most `le` long, +Inf counts them all). A side without any bucket series served no requests
 * only if its request counter agrees; a bucket that is missing where requests exist is an error
 * naming the metric and the bound, never 0 fast requests and never a pass.
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
  }
  const measured = sides.filter(([, side]) => side.buckets.length > 0);
  if (measured.length === 0) return { ok: true, unit: `requests over ${thresholdMs} ms`, counts: { canary: none, primary: none } };
  const bounds = measured.flatMap(([, side]) => side.buckets.map((b) => b.le)).filter((le) => Number.isFinite(le) && le <= thresholdMs);
  if (bounds.length === 0) {
    return { ok: false, reason: `${metric} has no bucket at or below ${thresholdMs} ms (bounds: ${boundsOf(measured[0]![1].buckets)})` };
  }
  const bound = Math.max(...bounds);
  for (const [name, side] of measured) {
    if (!side.buckets.some((b) => b.le === bound)) {
      return { ok: false, reason: `${metric} has no le=${bound} bucket for the ${name} (bounds: ${boundsOf(side.buckets)}), so its requests over ${bound} ms cannot be counted` };
    }
  }
  const slow = (buckets: Histogram) => {
    const trials = countAt(buckets, Number.POSITIVE_INFINITY);
    return { events: Math.max(0, trials - countAt(buckets, bound)), trials };
  };
  return { ok: true, unit: `requests over ${bound} ms`, counts: { canary: slow(canary.buckets), primary: slow(primary.buckets) } };
}

const none = { events: 0, trials: 0 };
const countAt = (buckets: Histogram, le: number) => Math.max(0, buckets.find((b) => b.le === le)?.count ?? 0);
const boundsOf = (buckets: Histogram) => buckets.map((b) => (Number.isFinite(b.le) ? String(b.le) : '+Inf')).join(', ') || 'none';
