// Percentiles and the gaps between analyses, over times in milliseconds.

/** Nearest-rank percentile (p in 0..100] of `values`; null when there is none. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** p50, p99 and max of `values`, in the values' unit; nulls when there is none. */
export function spread(values: readonly number[]): { p50: number | null; p99: number | null; max: number | null } {
  return { p50: percentile(values, 50), p99: percentile(values, 99), max: values.length === 0 ? null : Math.max(...values) };
}

/**
 * Gaps (ms) between consecutive analyses of one rolling Canary: `analyses`
 * are the times its analysis marker was seen to change while it rolled out.
 * Marks closer than `mergeMs` to the previous one are one analysis (a
 * controller may write status twice in one tick). When the Canary still
 * rolls at `openUntil`, the time since its last analysis is a gap too, so a
 * Canary that is no longer analysed shows; a Canary never analysed shows
 * the time since it was noticed (`noticedAt`).
 */
export function analysisGaps(input: { analyses: readonly number[]; noticedAt?: number; openUntil?: number; mergeMs?: number }): number[] {
  const merge = input.mergeMs ?? 1_000;
  const marks: number[] = [];
  for (const at of [...input.analyses].sort((a, b) => a - b)) if (marks.length === 0 || at - marks.at(-1)! >= merge) marks.push(at);
  const gaps = marks.slice(1).map((at, i) => at - marks[i]!);
  if (input.openUntil !== undefined) {
    const last = marks.at(-1) ?? input.noticedAt;
    if (last !== undefined && input.openUntil > last) gaps.push(input.openUntil - last);
  }
  return gaps;
}
