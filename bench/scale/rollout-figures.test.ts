import type { CanaryHistory } from './canary-watch.js';
import { observeRollout } from './rollout-figures.js';

const history = (phases: Array<[number, string]>, analyses: Array<[number, string]>): CanaryHistory => ({
  phase: phases.at(-1)![1],
  marker: undefined,
  phases: phases.map(([at, phase]) => ({ at, phase })),
  analyses: analyses.map(([at, phase]) => ({ at, phase })),
});

describe('observeRollout', () => {
  const sentAt = 100_000;
  const windowEnd = 300_000;

  it('times the notice from the answered update and the gaps between analyses of a finished rollout', () => {
    const histories = new Map([
      ['ns/a', history([[0, 'Initialized'], [101_500, 'Progressing'], [200_000, 'Succeeded']], [[50_000, 'Initialized'], [131_000, 'Progressing'], [161_000, 'Progressing'], [200_000, 'Succeeded']])],
    ]);
    const seen = observeRollout(histories, new Map([['ns/a', 100_500]]), sentAt, windowEnd);
    expect(seen).toEqual({ noticedSeconds: [1], notNoticed: 0, gapSeconds: [30], succeeded: 1 });
  });

  it('counts the rest of the window for a revision never noticed and the time since the last analysis of a Canary still Progressing', () => {
    const histories = new Map([
      ['ns/quiet', history([[0, 'Initialized']], [])],
      ['ns/stuck', history([[0, 'Initialized'], [110_000, 'Progressing']], [[140_000, 'Progressing']])],
    ]);
    const seen = observeRollout(histories, new Map([['ns/quiet', 100_000], ['ns/stuck', 100_000]]), sentAt, windowEnd);
    expect(seen.noticedSeconds).toEqual([200, 10]);
    expect(seen.notNoticed).toBe(1);
    expect(seen.gapSeconds).toEqual([160]);
    expect(seen.succeeded).toBe(0);
  });
});
