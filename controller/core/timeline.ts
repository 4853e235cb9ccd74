// status.timeline: what a chart of one rollout draws (issue 13): a point at
// each analysis and at each stage change or phase change of the rollout,
// oldest first, at most MAX_TIMELINE_POINTS.
import { MAX_TIMELINE_POINTS, type CanaryStatus, type TimelinePoint } from '../schema/canary-status.js';

/**
 * The point the status stands at: phase, stage, routes and blast radius, and
 * each check's value with its limit (bounds) and, for comparisons, its band.
 * `withChecks` is false for a stage or phase change that measured nothing, so
 * a chart of a check's value shows each measurement once.
 */
export function timelinePointOf(status: CanaryStatus, at: string, withChecks: boolean): TimelinePoint {
  const checks = withChecks
    ? (status.checks ?? []).map((c) => ({
        name: c.name,
        outcome: c.outcome,
        value: c.value,
        ...(c.bounds?.min !== undefined ? { min: c.bounds.min } : {}),
        ...(c.bounds?.max !== undefined ? { max: c.bounds.max } : {}),
        ...(c.band ? { lower: c.band.lower, upper: c.band.upper } : {}),
      }))
    : [];
  return {
    at,
    phase: status.phase ?? 'Initializing',
    ...(status.stageName !== undefined ? { stage: status.stageName } : {}),
    canaryWeight: status.canaryWeight ?? 0,
    internalToCanary: status.internalToCanary ?? false,
    checks,
    ...(status.blastRadius ? { blastRadius: status.blastRadius } : {}),
  };
}

/**
 * `timeline` with `point` appended. Past `max` points (MAX_TIMELINE_POINTS),
 * every second point of the older half is dropped, so the first point and
 * the recent ones stay exact while the early part is drawn coarser; the
 * result never has more than `max` points.
 */
export function appendTimelinePoint(timeline: readonly TimelinePoint[], point: TimelinePoint, max = MAX_TIMELINE_POINTS): TimelinePoint[] {
  let points = [...timeline, point];
  while (points.length > max) points = thinned(points);
  return points;
}

/** Every odd-indexed point of the older half removed (index 0, the first, stays; the newer half, with the last, is kept whole). */
function thinned(points: readonly TimelinePoint[]): TimelinePoint[] {
  const half = Math.floor(points.length / 2);
  return [...points.slice(0, half).filter((_, i) => i % 2 === 0), ...points.slice(half)];
}
