// What the watch saw of the Canaries whose targets got a new revision: how
// long each took to leave its idle phase, and the gaps between analyses
// while it rolled out (analysisGaps). Pure: histories and times in, figures out.
import type { CanaryHistory } from './canary-watch.js';
import { IDLE_PHASES } from './contender.js';
import { analysisGaps } from './stats.js';

export interface RolloutObservation {
  /** Seconds from each update's answer until its Canary left the idle phase; a Canary that never did counts the rest of the window. */
  readonly noticedSeconds: number[];
  readonly notNoticed: number;
  /** Seconds between analyses of rolling Canaries (and since the last one for those still Progressing at the end). */
  readonly gapSeconds: number[];
  /** Rollouts that reached Succeeded within the window. */
  readonly succeeded: number;
}

/**
 * `updatedAt`: key → when the update of its target was answered; `sentAt`:
 * when the first update was sent (a phase change earlier than that is an
 * older rollout's); `windowEnd`: the end of the rollout window. Times in ms.
 */
export function observeRollout(
  histories: ReadonlyMap<string, CanaryHistory>,
  updatedAt: ReadonlyMap<string, number>,
  sentAt: number,
  windowEnd: number,
): RolloutObservation {
  const noticedSeconds: number[] = [];
  const gapSeconds: number[] = [];
  let notNoticed = 0;
  let succeeded = 0;
  for (const [key, answeredAt] of updatedAt) {
    const history = histories.get(key);
    const left = history?.phases.find((p) => p.at >= sentAt && p.at <= windowEnd && !IDLE_PHASES.has(p.phase));
    if (!history || !left) {
      notNoticed++;
      noticedSeconds.push((windowEnd - answeredAt) / 1000);
      continue;
    }
    noticedSeconds.push(Math.max(0, left.at - answeredAt) / 1000);
    if (history.phases.some((p) => p.at > left.at && p.at <= windowEnd && p.phase === 'Succeeded')) succeeded++;
    const analyses = history.analyses.filter((a) => a.at >= left.at && a.at <= windowEnd && !IDLE_PHASES.has(a.phase)).map((a) => a.at);
    const phaseAtEnd = history.phases.filter((p) => p.at <= windowEnd).at(-1)?.phase;
    const open = phaseAtEnd === 'Progressing' ? { openUntil: windowEnd } : {};
    gapSeconds.push(...analysisGaps({ analyses, noticedAt: left.at, ...open }).map((ms) => ms / 1000));
  }
  return { noticedSeconds, notNoticed, gapSeconds, succeeded };
}
