// What the core knows of each check type besides its measurement: the window it reads, its limit
// as people read it, whether a value passes, and how a value reads in a message. One entry per
// type and no default: a check type added to schema/checks.ts without one fails `tsc` here.
import type { Check, CheckType } from '../../schema/checks.js';

export interface CheckKind<C extends Check> {
  /** The stretch of time it reads (windows.ts turns it into seconds and dates). */
  readonly window: 'interval' | 'stage' | 'rollout';
  /** Its limit as status, Events and Slack show it (runtime/metrics.ts reads the number back: keep the shapes). */
  limit(check: C): string;
  /** Whether a bare value is within the limit (types judged from counts answer false: they never pass on a value). */
  within(check: C, value: number): boolean;
  /** A value as a message shows it. */
  format(check: C, value: number): string;
  /** The limit as numbers in the unit of the value (status checks[].bounds, which a chart draws). */
  bounds(check: C): LimitBounds;
}

/** A limit's lowest and/or highest passing value. */
export interface LimitBounds {
  min?: number;
  max?: number;
}

export type CheckKinds = { readonly [K in CheckType]: CheckKind<Extract<Check, { type: K }>> };

/** Rounded for messages; infinities as Prometheus spells them (+Inf, -Inf). */
export const round = (value: number): string | number =>
  Number.isFinite(value) ? (Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 100) / 100) : value > 0 ? '+Inf' : '-Inf';

const plain = (_check: Check, value: number) => `${round(value)}`;
/** A query's min and/or max (promql, wavefront), as people read it, and whether a value is within it. */
const rangeLimit = (c: { min?: number; max?: number }) => [c.min !== undefined ? `≥ ${c.min}` : '', c.max !== undefined ? `≤ ${c.max}` : ''].filter(Boolean).join(' and ');
const inRange = (c: { min?: number; max?: number }, v: number) => (c.min === undefined || v >= c.min) && (c.max === undefined || v <= c.max);
const rangeBounds = (c: { min?: number; max?: number }): LimitBounds => ({ ...(c.min !== undefined ? { min: c.min } : {}), ...(c.max !== undefined ? { max: c.max } : {}) });
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const checkKinds: CheckKinds = {
  // Per-interval checks judge the canary as it is now.
  successRate: { window: 'interval', limit: (c) => `≥ ${c.min} %`, within: (c, v) => v >= c.min, format: (_c, v) => `success rate ${round(v)} %`, bounds: (c) => ({ min: c.min }) },
  latency: { window: 'interval', limit: (c) => `p${c.percentile} ≤ ${c.maxMs} ms`, within: (c, v) => v <= c.maxMs, format: (c, v) => `p${c.percentile} ${round(v)} ms`, bounds: (c) => ({ max: c.maxMs }) },
  promql: { window: 'interval', limit: rangeLimit, within: inRange, format: plain, bounds: rangeBounds },
  // A WQL query read like a PromQL one: its value judged against min and/or max over the last interval.
  wavefront: { window: 'interval', limit: rangeLimit, within: inRange, format: plain, bounds: rangeBounds },
  // Each stage's split of traffic is compared on its own; the anytime-valid test joins the stages (count-comparison.ts).
  comparison: { window: 'stage', limit: (c) => `≤ ${c.tolerance}× primary`, within: () => false, format: plain, bounds: (c) => ({ max: c.tolerance }) },
  // Sentry counts a release's issues, events and sessions since it first appeared: the whole rollout.
  sentryNewIssues: { window: 'rollout', limit: (c) => `≤ ${plural(c.max, 'new issue')}`, within: (c, v) => v <= c.max, format: (_c, v) => plural(v, 'new issue'), bounds: (c) => ({ max: c.max }) },
  sentryErrorRate: { window: 'rollout', limit: (c) => `≤ ${c.maxRatio}× primary`, within: (c, v) => v <= c.maxRatio, format: plain, bounds: (c) => ({ max: c.maxRatio }) },
  sentryCrashFreeSessions: { window: 'rollout', limit: (c) => `≥ ${c.min} % crash-free`, within: (c, v) => v >= c.min, format: (_c, v) => `${round(v)} % crash-free`, bounds: (c) => ({ min: c.min }) },
  // A transaction-duration percentile of the canary's release: in ms (maxMs) or as a ratio to the primary's (maxRatio); see transaction-readings.ts.
  sentryLatency: {
    window: 'rollout',
    limit: (c) => (c.maxRatio !== undefined ? `p${c.percentile} ≤ ${c.maxRatio}× primary` : `p${c.percentile} ≤ ${c.maxMs} ms`),
    within: (c, v) => v <= (c.maxRatio ?? c.maxMs ?? Number.NEGATIVE_INFINITY),
    format: (c, v) => (c.maxRatio !== undefined ? `p${c.percentile} ${round(v)}× the primary's` : `p${c.percentile} ${round(v)} ms`),
    bounds: (c) => rangeBounds({ max: c.maxRatio ?? c.maxMs }),
  },
};

/** The entry of a check's own type. */
export function kindOf<C extends Check>(check: C): CheckKind<C> {
  // TypeScript cannot tie checkKinds[check.type] to C; the mapped type CheckKinds does.
  return checkKinds[check.type] as unknown as CheckKind<C>;
}
