// The one-line explanation of a comparison that goes into status, events and notifications.
import type { ComparisonVerdict } from './count-comparison.js';

export interface SummaryFacts {
  readonly subject: string; // e.g. "errors", "requests over 250 ms"
  readonly verdict: ComparisonVerdict;
  readonly ratio: number | null;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly coverage: number; // e.g. 0.98
  readonly canaryEvents: number;
  readonly primaryEvents: number;
  readonly canaryTrials: number;
  readonly minTrials: number;
  readonly tolerance: number;
}

/** 1234567 → "1,234,567" (no Intl: it is slow and varies with the runtime's ICU data). */
export function grouped(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatRatio(value: number): string {
  if (value >= 100) return grouped(value);
  if (value >= 10) return value.toFixed(0);
  if (value >= 0.1 || value === 0) return value.toFixed(1);
  return value.toPrecision(1);
}

function interval(facts: SummaryFacts): string {
  const level = `${Number((facts.coverage * 100).toFixed(2))} % CS`;
  const low = facts.lower === null ? '0' : formatRatio(facts.lower);
  if (facts.upper === null) return facts.lower ? `${level} ≥ ${low}` : 'no bound yet';
  return `${level} ${low}–${formatRatio(facts.upper)}`;
}

function estimate(facts: SummaryFacts): string {
  if (facts.ratio !== null) return `${formatRatio(facts.ratio)}× primary`;
  if (facts.canaryEvents === 0) return 'none at canary or primary';
  return `${grouped(facts.canaryEvents)} at canary, none at primary`;
}

function conclusion(facts: SummaryFacts): string {
  const limit = `${formatRatio(facts.tolerance)}×`;
  switch (facts.verdict) {
    case 'worse':
      return `worse than the tolerated ${limit}`;
    case 'notWorse':
      return `no evidence of more than ${limit}`;
    case 'insufficient':
      return facts.canaryTrials >= facts.minTrials
        ? `looks worse than ${limit} but is not proven so yet; waiting for more traffic`
        : `not enough traffic yet (${grouped(facts.minTrials)} requests needed)`;
    default: {
      const unreachable: never = facts.verdict;
      return unreachable;
    }
  }
}

/** e.g. "canary errors: 4.8× primary (98 % CS 3.1–7.4) after 1,240 requests: worse than …" */
export function describeComparison(facts: SummaryFacts): string {
  const after = `after ${grouped(facts.canaryTrials)} requests`;
  return `canary ${facts.subject}: ${estimate(facts)} (${interval(facts)}) ${after}: ${conclusion(facts)}`;
}
