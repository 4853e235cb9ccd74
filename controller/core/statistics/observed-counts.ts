// Counts as the rollout core receives them: Prometheus increase() over a fixed start, so they
// may be fractional, slightly negative after a counter reset, NaN when a series is missing, or
// show more events than trials because of extrapolation. The tests need whole, consistent
// counts that never go backwards.

export interface EventCounts {
  readonly events: number;
  readonly trials: number;
}

const whole = (value: number): number => (Number.isFinite(value) && value > 0 ? Math.round(value) : 0);

/** Rounds to whole numbers, maps NaN/negative/Infinity to 0 and caps events at trials. */
export function wholeCounts(counts: EventCounts): EventCounts {
  const trials = whole(counts.trials);
  return { events: Math.min(whole(counts.events), trials), trials };
}

/**
 * Cumulative counts never decrease: a later look that reports fewer events or trials than an
 * earlier one (a lost series, a reset the query did not absorb) keeps the earlier values. The
 * caller stores the returned counts and passes them back as `previous` at the next look.
 */
export function carryForward(previous: EventCounts | undefined, next: EventCounts): EventCounts {
  const current = wholeCounts(next);
  if (previous === undefined) return current;
  const before = wholeCounts(previous);
  const trials = Math.max(before.trials, current.trials);
  return { events: Math.min(Math.max(before.events, current.events), trials), trials };
}
