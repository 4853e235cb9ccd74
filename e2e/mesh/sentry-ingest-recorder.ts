// A loopback stand-in for Sentry's ingest endpoint that keeps the envelopes
// it receives, so tests can check what the real SDK sent.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface RecordedEvent {
  readonly projectId: string;
  readonly event: Readonly<Record<string, unknown>>;
}

export interface RecordedSessions {
  readonly projectId: string;
  readonly sessions: Readonly<Record<string, unknown>>;
}

export interface SentryIngestRecorder {
  /** A DSN pointing at this recorder for the given project id. */
  dsn(projectId: string): string;
  events(): readonly RecordedEvent[];
  /** `sessions` (aggregate) items. */
  sessionAggregates(): readonly RecordedSessions[];
  close(): Promise<void>;
}

export async function startSentryIngestRecorder(): Promise<SentryIngestRecorder> {
  const events: RecordedEvent[] = [];
  const aggregates: RecordedSessions[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const projectId = /^\/api\/([^/]+)\/envelope\//.exec(req.url ?? '')?.[1];
      if (projectId) {
        const raw = Buffer.concat(chunks);
        const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        for (const item of itemsOfEnvelope(body.toString('utf8'))) {
          if (item.type === 'event') events.push({ projectId, event: item.payload });
          if (item.type === 'sessions') aggregates.push({ projectId, sessions: item.payload });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    dsn: (projectId) => `http://publickey@127.0.0.1:${port}/${projectId}`,
    events: () => [...events],
    sessionAggregates: () => [...aggregates],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Envelope: a header line, then (item header line, payload line) pairs. */
function itemsOfEnvelope(body: string): { type: string; payload: Readonly<Record<string, unknown>> }[] {
  const lines = body.split('\n');
  const items: { type: string; payload: Readonly<Record<string, unknown>> }[] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    const itemHeader = JSON.parse(lines[i] ?? '{}') as { type?: string };
    items.push({ type: itemHeader.type ?? '', payload: JSON.parse(lines[i + 1] ?? '{}') as Record<string, unknown> });
  }
  return items;
}
