import type { CanaryStatus } from '../schema/canary-status.js';
import { EVENT_MESSAGE_MAX, endingWithReach, measuredBlastRadius, reachAtEnd, reachSentence, recordBlastRadius } from './blast-radius.js';
import type { BlastRadiusReading } from './observations.js';

const AT = '2026-11-26T10:01:00.000Z';
const reading = (internal: [number | undefined, number | undefined], customers: [number | undefined, number | undefined]): BlastRadiusReading => ({
  ok: true,
  internal: { requests: internal[0], errors: internal[1] },
  customers: { requests: customers[0], errors: customers[1] },
});

describe('measuredBlastRadius', () => {
  it('rounds counts (increase() after a counter reset is fractional) to whole requests', () => {
    expect(measuredBlastRadius(reading([213.6, 30.9], [0.4, 0]), AT)).toEqual({ internal: { requests: 214, errors: 31 }, customers: { requests: 0, errors: 0 }, measuredAt: AT });
  });

  it('reads an empty answer (no series) as a measured 0', () => {
    expect(measuredBlastRadius(reading([undefined, undefined], [undefined, undefined]), AT)).toMatchObject({ internal: { requests: 0, errors: 0 }, customers: { requests: 0, errors: 0 } });
  });

  it('is undefined when neither Service has client-side series although the canary served requests, so missing telemetry is never 0 customers', () => {
    expect(measuredBlastRadius(reading([undefined, undefined], [undefined, undefined]), AT, 40)).toBeUndefined();
    expect(recordBlastRadius({}, reading([undefined, undefined], [undefined, undefined]), AT, 40)).toBeUndefined();
  });

  it('reads one empty side as 0 when the other has series (internal users only so far)', () => {
    expect(measuredBlastRadius(reading([12, 1], [undefined, undefined]), AT, 12)).toMatchObject({ customers: { requests: 0, errors: 0 } });
  });

  it('never counts more errors than requests when both were extrapolated apart', () => {
    expect(measuredBlastRadius(reading([10.2, 10.4], [0, 0]), AT)?.internal).toEqual({ requests: 10, errors: 10 });
  });

  it('is undefined when a query failed, so a failure is never read as 0 customers', () => {
    expect(measuredBlastRadius({ ok: false, reason: 'prometheus unreachable' }, AT)).toBeUndefined();
  });
});

describe('recordBlastRadius', () => {
  const last = { internal: { requests: 5, errors: 1 }, customers: { requests: 7, errors: 0 }, measuredAt: '2026-11-26T10:00:30.000Z' };
  const status: CanaryStatus = { blastRadius: last };

  it('keeps the last measured value when this analysis could not measure it', () => {
    expect(recordBlastRadius(status, { ok: false, reason: 'timeout' }, AT)).toBe(last);
    expect(recordBlastRadius(status, undefined, AT)).toBe(last);
  });

  it('takes the new measurement when there is one', () => {
    expect(recordBlastRadius(status, reading([9, 2], [8, 0]), AT)).toEqual({ internal: { requests: 9, errors: 2 }, customers: { requests: 8, errors: 0 }, measuredAt: AT });
  });
});

describe('reachSentence', () => {
  const radius = (internal: [number, number], customers: [number, number]) => ({
    internal: { requests: internal[0], errors: internal[1] },
    customers: { requests: customers[0], errors: customers[1] },
    measuredAt: AT,
  });

  it.each([
    [radius([214, 31], [0, 0]), true, 'reached 0 customers (214 internal requests, 31 errors)'],
    [radius([1, 1], [0, 0]), true, 'reached 0 customers (1 internal request, 1 error)'],
    [radius([214, 0], [1250, 3]), true, 'reached 1,250 customer requests with 3 errors (214 internal requests, 0 errors)'],
    [radius([0, 0], [1, 1]), true, 'reached 1 customer request with 1 error (0 internal requests, 0 errors)'],
    [radius([214, 31], [0, 0]), false, 'reached at least 0 customers (214 internal requests, 31 errors)'],
  ])('says %j (measured at the end: %s) as "%s"', (blast, measuredNow, sentence) => {
    expect(reachSentence(reachAtEnd(blast, measuredNow))).toBe(sentence);
  });

  it('says the reach was not measured when no analysis measured it', () => {
    expect(reachSentence(reachAtEnd(undefined, true))).toBe("reach not measured (no analysis counted the canary's requests)");
  });
});

describe('endingWithReach', () => {
  const reach = reachAtEnd({ internal: { requests: 214, errors: 31 }, customers: { requests: 0, errors: 0 }, measuredAt: AT }, true);

  it('appends the reach to a short reason unchanged', () => {
    expect(endingWithReach('rolled back revision v2: ', 'aborted', reach)).toBe('aborted; reached 0 customers (214 internal requests, 31 errors)');
  });

  it('clips a long reason, never the reach, so the whole Event message fits 1024 characters', () => {
    const head = 'rolled back revision v2: ';
    const reason = endingWithReach(head, `sentry-new-issues: ${'TypeError: x '.repeat(200)}`, reach);
    expect(`${head}${reason}`).toHaveLength(EVENT_MESSAGE_MAX);
    expect(reason.endsWith('…; reached 0 customers (214 internal requests, 31 errors)')).toBe(true);
  });
});
