import type { CanaryStatus } from '../schema/canary-status.js';
import { exitCodeOf, watchVerdict } from './watch-verdict.js';

const NEW = 'b1b1b1b1b1';
const OLD = 'a0a0a0a0a0';
const BAD = 'f9f9f9f9f9';

describe('watchVerdict', () => {
  it.each<[string, CanaryStatus, 'succeeded' | 'failed' | 'rollingOut' | 'waiting', 0 | 1 | undefined]>([
    ['Succeeded for the target revision', { phase: 'Succeeded', lastPromotedRevision: NEW, canaryRevision: NEW }, 'succeeded', 0],
    ['Failed for the target revision', { phase: 'Failed', lastPromotedRevision: OLD, failedRevision: NEW, canaryRevision: NEW }, 'failed', 1],
    ['Succeeded for the previous revision (just after kubectl apply)', { phase: 'Succeeded', lastPromotedRevision: OLD, canaryRevision: OLD }, 'waiting', undefined],
    ['Failed for the previous revision (a fix was just applied)', { phase: 'Failed', lastPromotedRevision: OLD, failedRevision: BAD }, 'waiting', undefined],
    ['Progressing with another revision', { phase: 'Progressing', lastPromotedRevision: OLD, canaryRevision: BAD }, 'waiting', undefined],
    ['Progressing with the target revision', { phase: 'Progressing', lastPromotedRevision: OLD, canaryRevision: NEW }, 'rollingOut', undefined],
    ['Promoting the target revision', { phase: 'Promoting', lastPromotedRevision: OLD, canaryRevision: NEW }, 'rollingOut', undefined],
    ['Finalising the target revision', { phase: 'Finalising', lastPromotedRevision: OLD, canaryRevision: NEW }, 'rollingOut', undefined],
    ['Initializing the primary', { phase: 'Initializing' }, 'waiting', undefined],
    ['without a phase yet', {}, 'waiting', undefined],
    ['Initialized with the target revision (nothing to roll out)', { phase: 'Initialized', lastPromotedRevision: NEW }, 'succeeded', 0],
    ['Initialized with another revision', { phase: 'Initialized', lastPromotedRevision: OLD }, 'waiting', undefined],
    ['Failed for another revision while the target is back on the promoted one', { phase: 'Failed', lastPromotedRevision: NEW, failedRevision: BAD }, 'succeeded', 0],
    ['Terminating (the Canary is being removed)', { phase: 'Terminating', lastPromotedRevision: OLD }, 'failed', 1],
  ])('%s: %s', (_case, status, state, code) => {
    const verdict = watchVerdict(status, NEW);
    expect(verdict.state).toBe(state);
    expect(exitCodeOf(verdict)).toBe(code);
  });

  it('keeps waiting on a Failed rollout of the target revision while songbird.dev/retry asks to run it again (a watch started right after songbird retry)', () => {
    const failed: CanaryStatus = { phase: 'Failed', lastPromotedRevision: OLD, failedRevision: NEW, canaryRevision: NEW, rolloutNumber: 3 };
    expect(watchVerdict(failed, NEW, `${NEW}#3`)).toEqual({ state: 'waiting', message: `retry of revision ${NEW} requested; waiting for its rollout to start` });
    expect(watchVerdict(failed, NEW, `${NEW}#2`).state).toBe('failed');
    expect(watchVerdict(failed, NEW, 'garbage').state).toBe('failed');
  });

  it('says which revision it waits for and what the Canary is about now', () => {
    expect(watchVerdict({ phase: 'Succeeded', lastPromotedRevision: OLD, canaryRevision: OLD }, NEW).message).toBe(
      `waiting for the rollout of revision ${NEW} to start (the Canary is Succeeded)`,
    );
    expect(watchVerdict({ phase: 'Progressing', canaryRevision: BAD }, NEW).message).toBe(
      `waiting for the rollout of revision ${NEW} to start (the rollout of revision ${BAD} is Progressing)`,
    );
  });

  it('gives the reason of a failure and names the promoted revision', () => {
    expect(watchVerdict({ phase: 'Failed', failedRevision: NEW, reason: 'latency failed 5 times' }, NEW).message).toBe(
      `the rollout of revision ${NEW} failed: latency failed 5 times`,
    );
    expect(watchVerdict({ phase: 'Succeeded', lastPromotedRevision: NEW }, NEW).message).toBe(`revision ${NEW} was promoted`);
  });
});
