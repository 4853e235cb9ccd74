// One line per check: how it went, its value and its limit.
import type { CheckOutcome, CheckResult } from '../schema/canary-status.js';
import { formatValue } from './human-quantities.js';
import { plain } from './mrkdwn-text.js';

const OUTCOME_EMOJI: Record<CheckOutcome, string> = {
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

/** ":x: *success-rate* 97.1 (limit >= 99 %) FAIL" */
export function checkLine(check: CheckResult): string {
  // A comparison's bare ratio misleads without its bounds and evidence: show its own summary.
  if (check.type === 'comparison') return `${OUTCOME_EMOJI[check.outcome]} ${plain(check.message, 300)}`;
  return `${OUTCOME_EMOJI[check.outcome]} *${plain(check.name, 63)}* ${formatValue(check.value)} (limit ${plain(check.limit, 80)}) ${OUTCOME_WORDS[check.outcome]}`;
}

/** All checks, one per line; failing ones first so they are read first. */
export function checkLines(checks: readonly CheckResult[], max = 15): string {
  if (checks.length === 0) return '_no checks ran in this stage_';
  const rank = (c: CheckResult): number => (c.outcome === 'fail' ? 0 : c.outcome === 'error' ? 1 : c.outcome === 'pass' ? 3 : 2);
  const ordered = [...checks].sort((a, b) => rank(a) - rank(b));
  const shown = ordered.slice(0, max).map(checkLine);
  const hidden = ordered.length - shown.length;
  return hidden > 0 ? `${shown.join('\n')}\n…and ${hidden} more` : shown.join('\n');
}
