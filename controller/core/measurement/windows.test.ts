import type { Check, CheckType } from '../../schema/checks.js';
import { analysisTimes, windowOf } from './windows.js';

const NOW = new Date('2026-11-26T10:00:00.000Z');
const window = { intervalSeconds: 30, stageSeconds: 120, rolloutSeconds: 600 };
const times = analysisTimes({ stageStartedAt: '2026-11-26T09:58:00.000Z', rolloutStartedAt: '2026-11-26T09:50:00.000Z' }, window, NOW);
const checkOfType = (type: CheckType) => ({ name: 'c', type }) as Check;

describe('windowOf', () => {
  it.each<[CheckType, string, number, string]>([
    ['successRate', 'the last interval', 30, '2026-11-26T09:59:30.000Z'],
    ['latency', 'the last interval', 30, '2026-11-26T09:59:30.000Z'],
    ['promql', 'the last interval', 30, '2026-11-26T09:59:30.000Z'],
    ['comparison', 'the current stage', 120, '2026-11-26T09:58:00.000Z'],
    ['sentryNewIssues', 'the rollout', 600, '2026-11-26T09:50:00.000Z'],
    ['sentryErrorRate', 'the rollout', 600, '2026-11-26T09:50:00.000Z'],
    ['sentryCrashFreeSessions', 'the rollout', 600, '2026-11-26T09:50:00.000Z'],
  ])('reads %s over %s', (type, _what, seconds, start) => {
    const read = windowOf(checkOfType(type), times);
    expect({ seconds: read.seconds, start: read.start.toISOString(), end: read.end.toISOString() }).toEqual({ seconds, start, end: NOW.toISOString() });
  });

  it('starts a stage and a rollout that have not started yet now', () => {
    const fresh = analysisTimes({}, { intervalSeconds: 30, stageSeconds: 1, rolloutSeconds: 1 }, NOW);
    expect([fresh.stageStart, fresh.rolloutStart].map((d) => d.toISOString())).toEqual([NOW.toISOString(), NOW.toISOString()]);
    expect(windowOf(checkOfType('sentryNewIssues'), fresh).start.toISOString()).toBe(NOW.toISOString());
  });
});
