import type { JudgeableMeasurement, Measurement, RawCount, Reading } from './observations.js';
import { slowRequestCounts } from './slow-requests.js';
import { clipCodePoints } from './clip-code-points.js';

// What an empty answer means is decided here, not where it was read: "no requests" holds a
// stage, "no successful requests" is a success rate of 0 %, and a series that should exist
// but does not is an error (which never passes).

/** A reading turned into something a limit can judge; other measurements pass through. */
export function judgeable(measurement: Measurement): JudgeableMeasurement {
  switch (measurement.kind) {
    case 'value':
    case 'counts':
    case 'noData':
    case 'error':
      return measurement;
    default:
      return fromReading(measurement);
  }
}

function fromReading(reading: Reading): JudgeableMeasurement {
  const { check } = reading;
  const broken = [...numbersOf(reading)].some((n) => n !== undefined && !Number.isFinite(n));
  if (broken) return { check, kind: 'error', reason: `the metric source answered a value that is not a number (${[...numbersOf(reading)].join(', ')})` };
  switch (reading.kind) {
    case 'successes': {
      if (!served(reading.requests)) return noRequests(check, reading.windowSeconds);
      const requests = reading.requests!;
      const successful = Math.min(requests, reading.successful ?? 0); // no non-5xx series: none succeeded
      const detail = `over ${Math.round(requests)} requests in the last ${reading.windowSeconds}s, ${Math.round(successful)} of them answered without a 5xx`;
      return { check, kind: 'value', value: (100 * successful) / requests, detail };
    }
    case 'percentile': {
      if (!served(reading.requests)) return noRequests(check, reading.windowSeconds);
      if (reading.valueMs === undefined) {
        return { check, kind: 'error', reason: `${reading.metric} returned no histogram for the canary, which served ${Math.round(reading.requests!)} requests in the last ${reading.windowSeconds}s` };
      }
      return { check, kind: 'value', value: reading.valueMs };
    }
    case 'query':
      if (reading.value === undefined) return { check, kind: 'noData', reason: `the query ${clip(reading.query)} returned no data` };
      return { check, kind: 'value', value: reading.value };
    case 'errorCounts': {
      const side = (s: { errors: RawCount; requests: RawCount }) => ({ events: served(s.requests) ? Math.min(s.errors ?? 0, s.requests!) : 0, trials: s.requests ?? 0 });
      return { check, kind: 'counts', unit: 'errors', counts: { canary: side(reading.canary), primary: side(reading.primary) } };
    }
    case 'histograms': {
      const slow = slowRequestCounts(reading.metric, reading.thresholdMs, reading.canary, reading.primary);
      return slow.ok ? { check, kind: 'counts', unit: slow.unit, counts: slow.counts } : { check, kind: 'error', reason: slow.reason };
    }
    default:
      return assertNoReading(reading);
  }
}

/** Fewer than one request (Prometheus's increase() extrapolates, so a count can be fractional). */
const served = (requests: RawCount) => requests !== undefined && requests >= 1;

const noRequests = (check: string, seconds: number): JudgeableMeasurement => ({ check, kind: 'noData', reason: `no requests reached the canary in the last ${seconds}s` });

function* numbersOf(reading: Reading): Generator<number | undefined> {
  switch (reading.kind) {
    case 'successes':
      yield reading.requests;
      yield reading.successful;
      return;
    case 'percentile':
      yield reading.requests;
      return;
    case 'query':
      return;
    case 'errorCounts':
      yield* [reading.canary.errors, reading.canary.requests, reading.primary.errors, reading.primary.requests];
      return;
    case 'histograms':
      yield reading.canary.requests;
      yield reading.primary.requests;
      for (const b of [...reading.canary.buckets, ...reading.primary.buckets]) yield b.count;
  }
}

/** A query as status, Events and Slack show it: one line, at most 120 code points (never half a surrogate pair). */
export function clip(query: string): string {
  return `\`${clipCodePoints(query.replace(/\s+/g, ' ').trim(), 120)}\``;
}

function assertNoReading(value: never): never {
  throw new Error(`unhandled reading: ${JSON.stringify(value)}`);
}
