import type { CanaryStatus, RolloutRecord } from '../schema/canary-status.js';
import { retryRequested } from './retry-request.js';

const record = (number: number, revision: string, result: RolloutRecord['result']): RolloutRecord => ({ number, revision, result, startedAt: 'a', finishedAt: 'b', reason: 'r' });
const failed: CanaryStatus = { phase: 'Failed', canaryRevision: 'v2', failedRevision: 'v2', rolloutNumber: 4, history: [record(4, 'v2', 'rolledBack'), record(3, 'v1', 'promoted')] };

describe('retryRequested', () => {
  it.each<[string, boolean, CanaryStatus, string | undefined, string | undefined]>([
    ['the failed rollout\'s id', true, failed, 'v2', 'v2#4'],
    ['the failed revision alone, the first time', true, failed, 'v2', 'v2'],
    ['an earlier rollout\'s id (stale)', false, failed, 'v2', 'v2#3'],
    ['another revision', false, failed, 'v2', 'v3'],
    ['no annotation', false, failed, 'v2', undefined],
    ['a target that moved on to another revision', false, failed, 'v3', 'v2#4'],
    ['a Canary that is not Failed', false, { ...failed, phase: 'Succeeded' }, 'v2', 'v2#4'],
    ['the bare revision after a retry that failed again', false, { ...failed, rolloutNumber: 5, history: [record(5, 'v2', 'rolledBack'), record(4, 'v2', 'rolledBack')] }, 'v2', 'v2'],
    ['the id of a retry that failed again', true, { ...failed, rolloutNumber: 5, history: [record(5, 'v2', 'rolledBack'), record(4, 'v2', 'rolledBack')] }, 'v2', 'v2#5'],
    ['the bare revision of a Canary with no history (status from before issue 13)', true, { ...failed, history: undefined }, 'v2', 'v2'],
  ])('for %s retries: %s', (_what, expected, status, target, value) => {
    expect(retryRequested(status, target, value)).toBe(expected);
  });
});
