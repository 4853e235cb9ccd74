import { MAX_TIMELINE_POINTS, type CanaryStatus, type TimelinePoint } from '../schema/canary-status.js';
import { appendTimelinePoint, timelinePointOf } from './timeline.js';

const point = (i: number): TimelinePoint => ({ at: `t${i}`, phase: 'Progressing', canaryWeight: i, internalToCanary: true, checks: [] });
const upTo = (n: number) => Array.from({ length: n }, (_, i) => point(i));

describe('appendTimelinePoint', () => {
  it('appends while there is room', () => {
    expect(appendTimelinePoint(upTo(3), point(3)).map((p) => p.at)).toEqual(['t0', 't1', 't2', 't3']);
  });

  it('thins the older half past the cap, keeping the first, the last and every recent point', () => {
    const points = appendTimelinePoint(upTo(MAX_TIMELINE_POINTS), point(MAX_TIMELINE_POINTS));
    expect(points.length).toBeLessThanOrEqual(MAX_TIMELINE_POINTS);
    expect(points[0]!.at).toBe('t0');
    expect(points.at(-1)!.at).toBe(`t${MAX_TIMELINE_POINTS}`);
    // 121 points: the older 60 become 30 (t0, t2, …, t58); t60…t120 stay whole.
    expect(points.length).toBe(91);
    expect(points.slice(0, 3).map((p) => p.at)).toEqual(['t0', 't2', 't4']);
    expect(points.slice(30, 32).map((p) => p.at)).toEqual(['t60', 't61']);
  });

  it('never exceeds the cap over a long rollout and keeps time order', () => {
    let points: TimelinePoint[] = [];
    for (let i = 0; i < 2000; i++) points = appendTimelinePoint(points, point(i));
    expect(points.length).toBeLessThanOrEqual(MAX_TIMELINE_POINTS);
    expect(points[0]!.at).toBe('t0');
    expect(points.at(-1)!.at).toBe('t1999');
    const order = points.map((p) => p.canaryWeight);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});

describe('timelinePointOf', () => {
  const status: CanaryStatus = {
    phase: 'Progressing',
    stageName: 'weight-10',
    canaryWeight: 10,
    internalToCanary: true,
    checks: [
      { name: 'success-rate', type: 'successRate', outcome: 'pass', value: 99.5, limit: '≥ 99 %', message: '', measuredAt: 'x', bounds: { min: 99 } },
      { name: 'errors-vs-primary', type: 'comparison', outcome: 'insufficient', value: 1.2, limit: '', message: '', measuredAt: 'x', band: { lower: 0.5, upper: 2.5 } },
    ],
  };

  it('carries each check with its limit and band at an analysis', () => {
    expect(timelinePointOf(status, 'now', true)).toEqual({
      at: 'now',
      phase: 'Progressing',
      stage: 'weight-10',
      canaryWeight: 10,
      internalToCanary: true,
      checks: [
        { name: 'success-rate', outcome: 'pass', value: 99.5, min: 99 },
        { name: 'errors-vs-primary', outcome: 'insufficient', value: 1.2, lower: 0.5, upper: 2.5 },
      ],
    });
  });

  it('carries no checks at a stage change that measured nothing', () => {
    expect(timelinePointOf(status, 'now', false).checks).toEqual([]);
  });
});
