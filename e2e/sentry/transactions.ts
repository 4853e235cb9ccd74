// Transaction events as the stand-in keeps them: what an SDK's `transaction` envelope item says
// (develop.sentry.dev/sdk/data-model/event-payloads/transaction/): `transaction` (its name),
// `start_timestamp` and `timestamp` (seconds), `contexts.trace.op`, `release`, `environment`.
// transaction.duration is timestamp - start_timestamp in milliseconds, as Sentry's transactions
// dataset stores it (`duration`, UInt32 ms, in snuba's transactions entity).

export interface StoredTransaction {
  readonly eventId: string;
  readonly projectId: string;
  readonly name: string;
  readonly op: string | null;
  readonly release: string | null;
  readonly environment: string | null;
  /** The transaction's end (`timestamp`), ISO 8601: what start/end filter, as for other events. */
  readonly timestamp: string;
  readonly durationMs: number;
}

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Seconds since the epoch as a number, or an RFC 3339 string (both are valid payload timestamps). */
function secondsOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value) / 1000;
  return undefined;
}

/**
 * A `transaction` item's payload as stored, or why it is dropped (Relay drops a transaction
 * without `start_timestamp`/`timestamp` or ending before it starts: "invalid_transaction").
 */
export function transactionOf(projectId: string, payload: Json, fallbackId: string): StoredTransaction | string {
  const start = secondsOf(payload['start_timestamp']);
  const end = secondsOf(payload['timestamp']);
  if (start === undefined || end === undefined) return 'a transaction needs start_timestamp and timestamp';
  if (end < start) return 'a transaction cannot end before it starts';
  const trace = asObject(asObject(payload['contexts'])?.['trace']);
  return {
    eventId: asString(payload['event_id']) ?? fallbackId,
    projectId,
    name: asString(payload['transaction']) ?? '<unlabeled transaction>',
    op: asString(trace?.['op']) ?? null,
    release: asString(payload['release']) ?? null,
    environment: asString(payload['environment']) ?? null,
    timestamp: new Date(end * 1000).toISOString(),
    // Sentry stores whole milliseconds.
    durationMs: Math.round((end - start) * 1000),
  };
}
