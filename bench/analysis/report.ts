// Turning rollout results into the numbers the bench prints.
import type { RolloutResult } from './rollout.js';

export interface Outcomes {
  readonly runs: number;
  readonly rolledBack: number;
  readonly promoted: number;
  readonly undecided: number;
  /** Intervals to roll back, over ALL runs (runs never rolled back count as never): null = never. */
  readonly p50Intervals: number | null;
  readonly p95Intervals: number | null;
  readonly meanCustomerRequestsToCanary: number;
}

function quantileOrNever(sortedIntervals: readonly number[], runs: number, quantile: number): number | null {
  const index = Math.ceil(quantile * runs) - 1;
  return index < sortedIntervals.length ? (sortedIntervals[Math.max(0, index)] ?? null) : null;
}

export function summarize(results: readonly RolloutResult[]): Outcomes {
  const runs = results.length;
  const count = (end: RolloutResult['end']) => results.filter((result) => result.end === end).length;
  const rollbackIntervals = results
    .filter((result) => result.end === 'rolledBack')
    .map((result) => result.intervals)
    .sort((a, b) => a - b);
  return {
    runs,
    rolledBack: count('rolledBack'),
    promoted: count('promoted'),
    undecided: count('undecided'),
    p50Intervals: quantileOrNever(rollbackIntervals, runs, 0.5),
    p95Intervals: quantileOrNever(rollbackIntervals, runs, 0.95),
    meanCustomerRequestsToCanary: results.reduce((sum, result) => sum + result.customerRequestsToCanary, 0) / Math.max(1, runs),
  };
}

export const percent = (part: number, whole: number): string => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;
const never = (value: number | null): string => (value === null ? '∞' : String(value));

/** Cells of the three tables the bench prints for each traffic rate. */
export const cells = {
  /** "0.4%" rolled back; healthy rows add the share left undecided at the cap: "0.4% (und 0.0%)". */
  rolledBack: (o: Outcomes, healthy: boolean): string =>
    healthy ? `${percent(o.rolledBack, o.runs)} (und ${percent(o.undecided, o.runs)})` : percent(o.rolledBack, o.runs),
  /** "2/4": median and p95 intervals to roll back, ∞ when fewer than 50 % / 95 % were. */
  intervals: (o: Outcomes): string => `${never(o.p50Intervals)}/${never(o.p95Intervals)}`,
  customers: (o: Outcomes): string => Math.round(o.meanCustomerRequestsToCanary).toLocaleString('en-US'),
};

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((text, column) => text.padStart(widths[column] ?? 0)).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
