import { describe, expect, it } from '@jest/globals';
import { createSessionAggregator, sessionOutcome } from './session-aggregates.js';

const v1 = { dsn: 'http://k@127.0.0.1:1/1', release: '1.0.0' };
const v2 = { dsn: 'http://k@127.0.0.1:1/1', release: '2.0.0', environment: 'e2e' };

describe('sessionOutcome', () => {
  it.each([
    [200, false, 'exited'],
    [200, true, 'errored'],
    [500, false, 'crashed'],
    [503, true, 'crashed'],
  ] as const)('returns %s/%s → %s', (status, exception, outcome) => {
    expect(sessionOutcome(status, exception)).toBe(outcome);
  });
});

describe('createSessionAggregator', () => {
  it('buckets outcomes per version and minute when requests are recorded', () => {
    const aggregator = createSessionAggregator();
    aggregator.record(v1, 'exited', new Date('2026-01-01T10:00:05Z'));
    aggregator.record(v1, 'exited', new Date('2026-01-01T10:00:59Z'));
    aggregator.record(v1, 'crashed', new Date('2026-01-01T10:01:00Z'));
    aggregator.record(v2, 'errored', new Date('2026-01-01T10:00:30Z'));
    expect(aggregator.drain()).toEqual([
      { config: v1, aggregates: [
        { started: '2026-01-01T10:00:00.000Z', exited: 2, errored: 0, crashed: 0 },
        { started: '2026-01-01T10:01:00.000Z', exited: 0, errored: 0, crashed: 1 },
      ] },
      { config: v2, aggregates: [{ started: '2026-01-01T10:00:00.000Z', exited: 0, errored: 1, crashed: 0 }] },
    ]);
  });

  it('returns nothing when drained twice without new requests', () => {
    const aggregator = createSessionAggregator();
    aggregator.record(v1, 'exited', new Date());
    aggregator.drain();
    expect(aggregator.drain()).toEqual([]);
  });
});
