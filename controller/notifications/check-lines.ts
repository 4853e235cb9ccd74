// One line per check: how it went, its value and its limit.
import type { CheckOutcome, CheckResult } from '../schema/canary-status.js';
import { formatValue } from './human-quantities.js';
import { plain, unformatted, type FitOptions } from './mrkdwn-text.js';

export const OUTCOME_EMOJI: Record<CheckOutcome, string> = {
  pass: ':white_check_mark:',
  fail: ':x:',
  noData: ':grey_question:',
  insufficient: ':hourglass_flowing_sand:',
  error: ':warning:',
};

const OUTCOME_WORDS: Record<CheckOutcome, string> = {
  pass: 'pass',
  fail: 'FAIL',
  noData: 'no data',
  insufficient: 'not enough data yet',
  error: 'error',
};

/** ":x: *success-rate* 97.1 (limit &gt;= 99 %) FAIL": one line of at most ~300 code units, escaped. */
export function checkLine(check: CheckResult): string {
  // A comparison's bare ratio misleads without its bounds and evidence: show its own summary.
  if (check.type === 'comparison') return `${OUTCOME_EMOJI[check.outcome]} ${plain(unformatted(check.message), 300)}`;
  return `${OUTCOME_EMOJI[check.outcome]} *${plain(unformatted(check.name), 63)}* ${formatValue(check.value)} (limit ${plain(check.limit, 80)}) ${OUTCOME_WORDS[check.outcome]}`;
}

/** Checks shown at most in one message; the rest are counted. */
export const MAX_CHECK_LINES = 15;

/**
 * All checks, one line each, failing ones first so they are read first. Pass
 * `checkLinesFit` to section(): when the lines are too many or too long, the
 * last line reads "…and N more".
 */
export function checkLines(checks: readonly CheckResult[]): string[] {
  if (checks.length === 0) return ['_no checks ran in this stage_'];
  const rank = (c: CheckResult): number => (c.outcome === 'fail' ? 0 : c.outcome === 'error' ? 1 : c.outcome === 'pass' ? 3 : 2);
  return [...checks].sort((a, b) => rank(a) - rank(b)).map(checkLine);
}

/** How check lines are clipped under a one-line title: at most MAX_CHECK_LINES checks, then "…and N more". */
export const checkLinesFit: FitOptions = { maxLines: MAX_CHECK_LINES + 1, more: (hidden) => `…and ${hidden} more` };
