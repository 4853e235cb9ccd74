// Whom a rollout's canary reached: requests of internal users (routed through
// `<svc>-internal`) and of customers (every other request the canary
// answered), and the 5xx among each (issue 13). The runtime measures the four
// counts (runtime/measure-analysis.ts); here they are rounded, kept in
// status.blastRadius and said in words for status.reason, Events, Slack and Jira.
import type { BlastRadius, CanaryStatus } from '../schema/canary-status.js';
import type { Reach } from '../schema/rollout-notification.js';
import type { BlastRadiusReading } from './observations.js';
import { clipCodePoints } from './clip-code-points.js';

/**
 * The blast radius an analysis measured, in whole requests, or undefined when
 * it could not be measured, so that nobody may say "0 customers" from it:
 * - a failed query (the last value stays);
 * - both Services answering empty (no series) while the canary's own
 *   server-side metrics counted `canaryRequests` > 0 in the rollout: the
 *   client proxies' `reporter="source"` series the split is read from are
 *   missing (e.g. no client-side telemetry), so the canary's reach is unknown.
 * Otherwise an empty answer (`undefined`: no series matched) is a measured 0,
 * as Prometheus answers nothing for a label set no request ever had. Counts
 * come from raw counters (fractional only where a counter reset fell back to
 * `increase()`), so they are rounded to whole requests; errors never exceed
 * the requests they are part of.
 */
export function measuredBlastRadius(reading: BlastRadiusReading | undefined, measuredAt: string, canaryRequests = 0): BlastRadius | undefined {
  if (!reading?.ok) return undefined;
  if (reading.internal.requests === undefined && reading.customers.requests === undefined && canaryRequests >= 1) return undefined;
  const counted = (side: { requests: number | undefined; errors: number | undefined }) => {
    const requests = whole(side.requests);
    return { requests, errors: Math.min(requests, whole(side.errors)) };
  };
  return { internal: counted(reading.internal), customers: counted(reading.customers), measuredAt };
}

const whole = (count: number | undefined) => (count === undefined || !Number.isFinite(count) ? 0 : Math.max(0, Math.round(count)));

/**
 * status.blastRadius after an analysis (`canaryRequests`: as measuredBlastRadius): the new measurement when there is
 * one, else the last one measured in this rollout (undefined when none was).
 */
export function recordBlastRadius(status: CanaryStatus, reading: BlastRadiusReading | undefined, measuredAt: string, canaryRequests = 0): BlastRadius | undefined {
  return measuredBlastRadius(reading, measuredAt, canaryRequests) ?? status.blastRadius;
}

/** The blast radius as a notification carries it (schema/rollout-notification.ts): `atLeast` when measured before the rollout ended. */
export type { Reach };

/**
 * The reach said at a rollout's end: measured now (`measuredNow`, the analysis
 * of this very step) or the last value measured, which the canary may have
 * outgrown since (`atLeast`). Undefined when this rollout measured none.
 */
export function reachAtEnd(blastRadius: BlastRadius | undefined, measuredNow: boolean): Reach | undefined {
  return blastRadius ? { ...blastRadius, atLeast: !measuredNow } : undefined;
}

/**
 * The reach in words, the end of every rollback and promotion message:
 * - no customer: `reached 0 customers (214 internal requests, 31 errors)`
 * - customers: `reached 1,250 customer requests with 3 errors (214 internal requests, 31 errors)`
 * - measured before the end: `reached at least …` (the counts of the last analysis)
 * - never measured: `reach not measured (no analysis counted the canary's requests)`
 * Counts are grouped the en-US way (1,250) and singular for one.
 */
export function reachSentence(reach: Reach | undefined): string {
  if (!reach) return 'reach not measured (no analysis counted the canary\'s requests)';
  const least = reach.atLeast ? 'at least ' : '';
  const { customers, internal } = reach;
  const who = customers.requests === 0
    ? '0 customers'
    : `${count(customers.requests, 'customer request')} with ${count(customers.errors, 'error')}`;
  return `reached ${least}${who} (${count(internal.requests, 'internal request')}, ${count(internal.errors, 'error')})`;
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const count = (n: number, noun: string) => `${grouped.format(n)} ${n === 1 ? noun : `${noun}s`}`;

/**
 * The longest Event message kept whole: the Kubernetes adapter cuts longer ones at the end
 * (adapters/kubernetes/canary-event.ts, 1024, the events.k8s.io/v1 `note` limit of 1 kB).
 */
export const EVENT_MESSAGE_MAX = 1024;

/**
 * `why` followed by `; <reach sentence>`, with `why` clipped so that `head` (what precedes it in
 * the Event message, e.g. "rolled back revision X: ") plus the whole fits EVENT_MESSAGE_MAX: the
 * reach always ends the message, however long a quoted Sentry title or query made the reason.
 */
export function endingWithReach(head: string, why: string, reach: Reach | undefined): string {
  const tail = `; ${reachSentence(reach)}`;
  return `${clipCodePoints(why, Math.max(1, EVENT_MESSAGE_MAX - head.length - tail.length))}${tail}`;
}
