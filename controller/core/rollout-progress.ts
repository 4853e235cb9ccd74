// What a step adds to the rollout's record in status (issue 13): a timeline
// point at each analysis and each stage or phase change, cleared when a
// rollout starts; a history record when a rollout ends (Succeeded or Failed).
import { MAX_ROLLOUT_HISTORY, type CanaryStatus, type RolloutRecord } from '../schema/canary-status.js';
import { withoutDrainNote } from './drain-note.js';
import { appendTimelinePoint, timelinePointOf } from './timeline.js';

/**
 * `after` (the status a step decided) with its timeline and history brought
 * up to date against `before` (the status the step read), at `nowIso`:
 * - a new rollout (rolloutNumber changed) starts an empty timeline;
 * - a new analysis (lastAnalysisAt changed) adds a point with every check;
 *   a stage change (stageIndex) or phase change adds one without checks;
 * - entering Succeeded or Failed prepends a RolloutRecord (newest first, at
 *   most MAX_ROLLOUT_HISTORY), once per rollout.
 * A status with no rollout yet (no canaryRevision) gets neither.
 */
export function recordProgress(before: CanaryStatus, after: CanaryStatus, nowIso: string): CanaryStatus {
  if (after.canaryRevision === undefined || after.rolloutNumber === undefined) return after;
  const fresh = after.rolloutNumber !== before.rolloutNumber;
  const analysed = after.lastAnalysisAt !== undefined && after.lastAnalysisAt !== before.lastAnalysisAt;
  const moved = fresh || after.phase !== before.phase || after.stageIndex !== before.stageIndex;
  const timeline = fresh ? [] : after.timeline ?? [];
  const withPoint = analysed || moved ? appendTimelinePoint(timeline, timelinePointOf(after, nowIso, analysed)) : timeline;
  const ended = after.phase !== before.phase && (after.phase === 'Succeeded' || after.phase === 'Failed');
  const history = ended ? withRecord(after.history ?? [], recordOf(after, nowIso)) : after.history;
  return { ...after, timeline: withPoint, ...(history ? { history } : {}) };
}

function recordOf(status: CanaryStatus, nowIso: string): RolloutRecord {
  return {
    number: status.rolloutNumber ?? 1,
    revision: status.canaryRevision ?? 'unknown',
    result: status.phase === 'Succeeded' ? 'promoted' : 'rolledBack',
    startedAt: status.rolloutStartedAt ?? nowIso,
    finishedAt: nowIso,
    reason: withoutDrainNote(status.reason) ?? '',
    ...(status.blastRadius ? { blastRadius: status.blastRadius } : {}),
  };
}

/** `record` first, unless the newest record is already this rollout's; at most MAX_ROLLOUT_HISTORY. */
function withRecord(history: readonly RolloutRecord[], record: RolloutRecord): RolloutRecord[] {
  const newest = history[0];
  if (newest && newest.number === record.number && newest.revision === record.revision) return [...history];
  return [record, ...history].slice(0, MAX_ROLLOUT_HISTORY);
}
