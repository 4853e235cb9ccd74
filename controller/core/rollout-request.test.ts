import type { CanaryStatus, RolloutRecord } from '../schema/canary-status.js';
import { ANNOTATIONS } from './step.js';
import { at, observe, ofType, progressingAt, run } from './step-fixtures.js';

const record = (number: number, revision: string, result: RolloutRecord['result']): RolloutRecord => ({ number, revision, result, startedAt: 'a', finishedAt: 'b', reason: 'r' });
/** Rollout #2 of v2 at stage weight-10 (rollout #1 promoted v1). */
const second = progressingAt(1, { rolloutNumber: 2, history: [record(1, 'v1', 'promoted')] });
const annotated = (annotations: Record<string, string>) => observe({ annotations });

/** abort → Failed (and drained) → retry → the retry's first steps, all with `abort` left in place, as `songbird abort` then `songbird retry` did. */
function abortThenRetry(abort: string, retry: string): Record<'failed' | 'retried' | 'started' | 'analysed', CanaryStatus> {
  const failed = run(second, annotated({ [ANNOTATIONS.abort]: abort }), at(10)).status;
  const kept = { [ANNOTATIONS.abort]: abort, [ANNOTATIONS.retry]: retry };
  const retried = run(failed, annotated(kept), at(60)).status;
  const started = run(retried, annotated(kept), at(70)).status;
  const analysed = run(started, annotated(kept), at(80)).status;
  return { failed, retried, started, analysed };
}

describe('abort and promote requests (songbird.dev/abort, songbird.dev/promote) through step', () => {
  it.each([
    ['the bare revision (hand-written, or an older CLI)', 'v2', 'v2'],
    ['the rollout id (songbird abort)', 'v2#2', 'v2#2'],
  ])('lets the retry run when the abort that ended the rollout stays in place, naming %s', (_what, abort, retry) => {
    const { failed, retried, started, analysed } = abortThenRetry(abort, retry);
    expect(failed).toMatchObject({ phase: 'Failed', failedRevision: 'v2', rolloutNumber: 2 });
    expect(failed.reason).toContain(`aborted by request (${ANNOTATIONS.abort})`);
    expect(retried).toMatchObject({ phase: 'Waiting', canaryRevision: 'v2', rolloutNumber: 3 });
    expect(started).toMatchObject({ phase: 'Progressing', rolloutNumber: 3, stageIndex: 0 });
    expect(analysed).toMatchObject({ phase: 'Progressing', rolloutNumber: 3 });
    expect(analysed.history?.map((r) => `${r.revision}#${r.number}:${r.result}`)).toEqual(['v2#2:rolledBack', 'v1#1:promoted']);
  });

  it('aborts only the rollout its id names: v2#2 leaves rollout #3 of v2 alone, v2#3 rolls it back', () => {
    const third = progressingAt(1, { rolloutNumber: 3, history: [record(2, 'v2', 'rolledBack'), record(1, 'v1', 'promoted')] });
    expect(run(third, annotated({ [ANNOTATIONS.abort]: 'v2#2' }), at(10)).status.phase).toBe('Progressing');
    const aborted = run(third, annotated({ [ANNOTATIONS.abort]: 'v2#3' }), at(10));
    expect(aborted.status).toMatchObject({ phase: 'Failed', failedRevision: 'v2' });
    expect(ofType(aborted.actions, 'recordEvent').find((e) => e.reason === 'Failed')?.message).toContain('aborted by request');
  });

  it('promotes only the rollout its id names: v2#2 leaves rollout #3 of v2 alone, v2#3 promotes it', () => {
    const third = progressingAt(1, { rolloutNumber: 3, history: [record(2, 'v2', 'rolledBack')] });
    expect(run(third, annotated({ [ANNOTATIONS.promote]: 'v2#2' }), at(10)).status.phase).toBe('Progressing');
    expect(run(third, annotated({ [ANNOTATIONS.promote]: 'v2#3' }), at(10)).status.phase).toBe('Promoting');
  });

  it('honours the bare revision for the first rollout of a revision only, so one left from an earlier rollout of it does nothing', () => {
    expect(run(second, annotated({ [ANNOTATIONS.abort]: 'v2' }), at(10)).status.phase).toBe('Failed');
    expect(run(second, annotated({ [ANNOTATIONS.promote]: 'v2' }), at(10)).status.phase).toBe('Promoting');
    const again = progressingAt(1, { rolloutNumber: 4, history: [record(3, 'v3', 'promoted'), record(2, 'v2', 'promoted')] });
    expect(run(again, annotated({ [ANNOTATIONS.promote]: 'v2' }), at(10)).status.phase).toBe('Progressing');
    expect(run(again, annotated({ [ANNOTATIONS.abort]: 'v2' }), at(10)).status.phase).toBe('Progressing');
  });

  it('ignores an id of another revision, and one that is not an id at all', () => {
    expect(run(second, annotated({ [ANNOTATIONS.abort]: 'v3#2' }), at(10)).status.phase).toBe('Progressing');
    expect(run(second, annotated({ [ANNOTATIONS.abort]: 'v2#' }), at(10)).status.phase).toBe('Progressing');
  });
});
