// The short phrases `get`, `status` and `watch` share: where a rollout is,
// how traffic is split, which checks fail, whom the canary reached.
import { planStages } from '../core/stages.js';
import type { BlastRadius, CanaryStatus, CheckResult, RolloutRecord } from '../schema/canary-status.js';
import type { CanaryView } from './canary-client.js';

const IN_ROLLOUT = new Set(['Waiting', 'Progressing', 'Promoting', 'Finalising']);

/** True while a rollout runs (Waiting to Finalising): the stage and weights mean something then. */
export const inRollout = (status: CanaryStatus): boolean => IN_ROLLOUT.has(status.phase ?? '');

/** `weight-25 (3/4)` while Progressing, `-` otherwise; the count is of the spec's stages (internal first). */
export function stageText(view: CanaryView): string {
  const { status } = view;
  if (status.phase !== 'Progressing' || !status.stageName) return '-';
  const total = view.spec ? planStages(view.spec).length : undefined;
  return total && status.stageIndex !== undefined ? `${status.stageName} (${status.stageIndex + 1}/${total})` : status.stageName;
}

/** `75/25` (primary/canary percent of customer traffic) during a rollout, `100/0` otherwise. */
export function weightsText(status: CanaryStatus): string {
  const canary = inRollout(status) ? (status.canaryWeight ?? 0) : 0;
  return `${100 - canary}/${canary}`;
}

/** Where internal users go: `canary` or `primary`. */
export const internalText = (status: CanaryStatus): string => (inRollout(status) && status.internalToCanary ? 'canary' : 'primary');

/** Checks whose last outcome was fail or error. */
export const failingChecks = (status: CanaryStatus): CheckResult[] => (status.checks ?? []).filter((c) => c.outcome === 'fail' || c.outcome === 'error');

/** `2/5 latency,errors`: failed checks counted in this rollout against the spec's threshold, then those failing now; `0/5` or `-`. */
export function failedChecksText(view: CanaryView): string {
  const { status } = view;
  if (status.failedChecks === undefined && !status.checks) return '-';
  const count = `${status.failedChecks ?? 0}/${view.spec?.analysis.threshold ?? '?'}`;
  const names = failingChecks(status).map((c) => c.name);
  return names.length > 0 ? `${count} ${names.join(',')}` : count;
}

/** The newest finished rollout: `promoted 6d5f8c` / `rolled back 6d5f8c`, or `-`. */
export function lastResultText(status: CanaryStatus): string {
  const last = status.history?.[0];
  return last ? `${resultWord(last)} ${last.revision}` : '-';
}

export const resultWord = (record: RolloutRecord): string => (record.result === 'promoted' ? 'promoted' : 'rolled back');

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** `customers 1,204 requests (3 errors) · internal 214 requests (31 errors)`, or `not measured yet`. */
export function blastRadiusText(radius: Pick<BlastRadius, 'internal' | 'customers'> | undefined): string {
  if (!radius) return 'not measured yet';
  const side = (name: string, c: { requests: number; errors: number }) =>
    `${name} ${count(c.requests, 'request', 'requests')} (${count(c.errors, 'error', 'errors')})`;
  return `${side('customers', radius.customers)} · ${side('internal', radius.internal)}`;
}

/** A measured number with at most 4 significant digits (0.0123, 812, 1.125), `-` when there is none. */
export function valueText(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return String(Number(value.toPrecision(4)));
}
