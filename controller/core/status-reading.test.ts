import { holdUnreadableStatus, readCanaryStatus, statusRepairEvents, type StatusReading } from './status-reading.js';

const NOW = new Date('2026-11-30T10:00:00Z');
const point = (i: number) => ({ at: new Date(NOW.getTime() + i * 1000).toISOString(), phase: 'Progressing', canaryWeight: 10, internalToCanary: false, checks: [] });
const record = (n: number) => ({ number: n, revision: `r${n}`, result: 'promoted', startedAt: '2026-11-01T00:00:00Z', finishedAt: '2026-11-01T01:00:00Z', reason: 'ok' });
const base = { phase: 'Progressing', canaryRevision: 'v2', lastPromotedRevision: 'v1', rolloutNumber: 7, notified: ['v2#7:rolloutStarted'] };

function held(reading: StatusReading) {
  if (reading.kind !== 'hold') throw new Error(`expected a hold, read ${JSON.stringify(reading)}`);
  return reading;
}
function read(reading: StatusReading) {
  if (reading.kind !== 'read') throw new Error(`expected a status, held on ${JSON.stringify(reading.problems)}`);
  return reading;
}

describe('readCanaryStatus', () => {
  it('reads no status as a new Canary, with nothing repaired', () => {
    expect(readCanaryStatus(undefined)).toEqual({ kind: 'read', status: {}, repairs: [] });
    expect(readCanaryStatus(null)).toEqual({ kind: 'read', status: {}, repairs: [] });
  });

  it('reads a status that parses as it is, with nothing repaired', () => {
    expect(readCanaryStatus({ ...base, timeline: [point(0)] })).toEqual({ kind: 'read', status: { ...base, timeline: [point(0)] }, repairs: [] });
  });

  it('keeps every other field of a status with 121 timeline points and keeps the newest 120 (the timeline is oldest first)', () => {
    const timeline = Array.from({ length: 121 }, (_, i) => point(i));
    const reading = read(readCanaryStatus({ ...base, timeline }));
    expect(reading.status).toEqual({ ...base, timeline: timeline.slice(1) });
    expect(reading.repairs).toEqual([{ field: 'status.timeline', message: 'status.timeline: at most 120 items, found 121; kept the 120 newest' }]);
  });

  it('drops timeline points that do not parse, naming the first, and a timeline that is not a list', () => {
    const reading = read(readCanaryStatus({ ...base, timeline: [point(0), { ...point(1), canaryWeight: 'half' }, point(2)] }));
    expect(reading.status).toEqual({ ...base, timeline: [point(0), point(2)] });
    expect(reading.repairs).toHaveLength(1);
    expect(reading.repairs[0]!.message).toMatch(/^status\.timeline\[1\]\.canaryWeight: .*; dropped 1 of 3 entries that do not parse$/);
    expect(read(readCanaryStatus({ ...base, timeline: 'lots' }))).toEqual({ kind: 'read', status: base, repairs: [{ field: 'status.timeline', message: 'status.timeline: expected a list; dropped it' }] });
  });

  it('keeps the newest 10 rollouts of a history of 11 (the history is newest first)', () => {
    const history = Array.from({ length: 11 }, (_, i) => record(11 - i));
    const reading = read(readCanaryStatus({ ...base, history }));
    expect(reading.status.history?.map((r) => r.number)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    expect(reading.repairs).toEqual([{ field: 'status.history', message: 'status.history: at most 10 items, found 11; kept the 10 newest' }]);
  });

  it('holds on a history entry that does not parse among the newest 10, since a retry reads them', () => {
    const reading = held(readCanaryStatus({ ...base, history: [{ ...record(2), result: 'maybe' }, record(1)] }));
    expect(reading.problems.map((p) => p.field)).toEqual(['status.history[0].result']);
  });

  it('holds on an unknown phase, naming status.phase, and keeps the stored status to write back', () => {
    const stored = { ...base, phase: 'Paused' };
    const reading = held(readCanaryStatus(stored));
    expect(reading.problems).toHaveLength(1);
    expect(reading.problems[0]!.field).toBe('status.phase');
    expect(reading.problems[0]!.message).toMatch(/^status\.phase: /);
    expect(reading.stored).toEqual(stored);
  });

  it('holds on an outbox entry or a revision that does not parse, naming each field, even when the timeline could be trimmed', () => {
    const reading = held(readCanaryStatus({ ...base, canaryRevision: 42, outbox: [{ id: 'x', notification: '{}', queuedAt: 'now', attempts: -1 }], timeline: Array.from({ length: 121 }, (_, i) => point(i)) }));
    expect(reading.problems.map((p) => p.field)).toEqual(['status.canaryRevision', 'status.outbox[0].attempts']);
  });

  it('holds on a status that is not an object, with nothing to write back', () => {
    expect(held(readCanaryStatus(['Progressing']))).toEqual({ kind: 'hold', stored: undefined, problems: [{ field: 'status', message: 'status: expected an object, found an array' }] });
  });
});

describe('holdUnreadableStatus', () => {
  const canary = { namespace: 'shop', name: 'podinfo' };

  it('writes the stored status back with only Ready=False added, and records a Warning naming the field and how to correct it', () => {
    const stored = { ...base, phase: 'Paused' };
    const hold = holdUnreadableStatus(held(readCanaryStatus(stored)), canary, 4, NOW);
    const message = hold.actions[0]!.message;
    expect(message).toMatch(/^status\.phase: .*kubectl edit canary podinfo -n shop --subresource=status$/);
    expect(hold.actions).toEqual([{ type: 'recordEvent', id: expect.stringContaining('status.phase'), eventType: 'Warning', reason: 'StatusUnreadable', message }]);
    expect(hold.status).toEqual({ ...stored, conditions: [{ type: 'Ready', status: 'False', reason: 'StatusUnreadable', message, observedGeneration: 4, lastTransitionTime: NOW.toISOString() }] });
  });

  it('writes the same status when held again later, so holding does not write on every reconcile', () => {
    const first = holdUnreadableStatus(held(readCanaryStatus({ ...base, phase: 'Paused' })), canary, 4, NOW);
    const again = holdUnreadableStatus(held(readCanaryStatus(first.status)), canary, 4, new Date(NOW.getTime() + 60_000));
    expect(again.status).toEqual(first.status);
    expect(again.actions).toEqual(first.actions);
  });

  it('replaces a conditions list that does not parse by the one condition, and writes nothing over a status that is not an object', () => {
    const hold = holdUnreadableStatus(held(readCanaryStatus({ ...base, conditions: [{ type: 'Ready' }] })), canary, 1, NOW);
    expect((hold.status?.conditions as Array<{ reason: string }>).map((c) => c.reason)).toEqual(['StatusUnreadable']);
    expect(holdUnreadableStatus(held(readCanaryStatus('x')), canary, 1, NOW).status).toBeUndefined();
  });
});

describe('statusRepairEvents', () => {
  it('records one Warning listing every repair, and none when nothing was repaired', () => {
    expect(statusRepairEvents([])).toEqual([]);
    const repairs = [{ field: 'status.timeline', message: 'status.timeline: a' }, { field: 'status.history', message: 'status.history: b' }];
    expect(statusRepairEvents(repairs)).toEqual([{ type: 'recordEvent', id: 'status-repaired:status.timeline: a; status.history: b', eventType: 'Warning', reason: 'StatusRepaired', message: 'status.timeline: a; status.history: b' }]);
  });
});
