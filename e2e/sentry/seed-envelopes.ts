// Builds envelopes the way the SDKs do and posts them to a stand-in, for
// tests that need events or sessions without running an SDK client.
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

export interface SeedEvent {
  readonly release: string;
  readonly environment?: string;
  readonly level?: string;
  /** Exception type; absent makes a message event (event.type:default). */
  readonly type?: string;
  readonly value?: string;
  /** Name of the top in-app function. */
  readonly fn?: string;
  readonly module?: string;
  readonly timestamp?: Date;
}

export interface SeedAggregate {
  readonly release: string;
  readonly environment?: string;
  readonly started?: Date;
  readonly exited?: number;
  readonly errored?: number;
  readonly crashed?: number;
  readonly abnormal?: number;
}

export function eventPayload(e: SeedEvent): Record<string, unknown> {
  const base = {
    event_id: randomUUID().replace(/-/g, ''),
    timestamp: (e.timestamp ?? new Date()).getTime() / 1000,
    platform: 'node',
    level: e.level ?? 'error',
    release: e.release,
    environment: e.environment ?? 'production',
  };
  if (!e.type) return { ...base, message: e.value ?? 'something happened' };
  const frames = [
    { function: 'processTicksAndRejections', module: 'task_queues', filename: 'node:internal/process/task_queues', in_app: false },
    { function: e.fn ?? 'handler', module: e.module ?? 'app.checkout', filename: `/app/${e.module ?? 'app.checkout'}.js`, lineno: 10, in_app: true },
  ];
  return { ...base, exception: { values: [{ type: e.type, value: e.value ?? 'boom', stacktrace: { frames } }] } };
}

export function envelope(items: ReadonlyArray<{ type: string; payload: unknown }>, withLength = false): Buffer {
  const parts = [JSON.stringify({ sent_at: new Date().toISOString() })];
  for (const item of items) {
    const payload = Buffer.from(JSON.stringify(item.payload), 'utf8');
    parts.push(JSON.stringify(withLength ? { type: item.type, length: payload.length } : { type: item.type }), payload.toString('utf8'));
  }
  return Buffer.from(`${parts.join('\n')}\n`, 'utf8');
}

export async function postEnvelope(standIn: { url: string; publicKey: string }, projectId: string, body: Buffer, gzip = false): Promise<number> {
  const response = await fetch(`${standIn.url}/api/${projectId}/envelope/?sentry_key=${standIn.publicKey}&sentry_version=7`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-sentry-envelope', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) },
    body: new Uint8Array(gzip ? gzipSync(body) : body),
  });
  await response.arrayBuffer();
  return response.status;
}

export async function seedEvents(standIn: { url: string; publicKey: string }, projectId: string, events: readonly SeedEvent[]): Promise<void> {
  for (const e of events) {
    const status = await postEnvelope(standIn, projectId, envelope([{ type: 'event', payload: eventPayload(e) }]));
    if (status !== 200) throw new Error(`the stand-in refused a seeded event (${status})`);
  }
}

export async function seedAggregates(standIn: { url: string; publicKey: string }, projectId: string, a: SeedAggregate): Promise<void> {
  const payload = {
    attrs: { release: a.release, environment: a.environment ?? 'production' },
    aggregates: [{ started: (a.started ?? new Date()).toISOString(), exited: a.exited ?? 0, errored: a.errored ?? 0, crashed: a.crashed ?? 0, abnormal: a.abnormal ?? 0 }],
  };
  const status = await postEnvelope(standIn, projectId, envelope([{ type: 'sessions', payload }]));
  if (status !== 200) throw new Error(`the stand-in refused seeded sessions (${status})`);
}

export interface SeedTransaction {
  readonly release: string;
  readonly environment?: string;
  readonly durationMs: number;
  /** When it ended (default now). */
  readonly end?: Date;
  readonly name?: string;
}

/** A transaction event as the SDKs build one (type "transaction", start_timestamp/timestamp in seconds, contexts.trace). */
export function transactionPayload(t: SeedTransaction): Record<string, unknown> {
  const end = (t.end ?? new Date()).getTime() / 1000;
  return {
    event_id: randomUUID().replace(/-/g, ''),
    type: 'transaction',
    transaction: t.name ?? 'GET /',
    start_timestamp: end - t.durationMs / 1000,
    timestamp: end,
    release: t.release,
    environment: t.environment ?? 'production',
    contexts: { trace: { trace_id: randomUUID().replace(/-/g, ''), span_id: randomUUID().replace(/-/g, '').slice(0, 16), op: 'http.server' } },
    spans: [],
  };
}

export async function seedTransactions(standIn: { url: string; publicKey: string }, projectId: string, transactions: readonly SeedTransaction[]): Promise<void> {
  const status = await postEnvelope(standIn, projectId, envelope(transactions.map((t) => ({ type: 'transaction', payload: transactionPayload(t) }))));
  if (status !== 200) throw new Error(`the stand-in refused seeded transactions (${status})`);
}
