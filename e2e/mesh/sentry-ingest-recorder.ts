// A loopback stand-in for Sentry's ingest endpoint that keeps the envelopes
// it receives, so tests can check what the real SDK sent.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface RecordedEvent {
  readonly projectId: string;
  readonly event: Readonly<Record<string, unknown>>;
}

export interface SentryIngestRecorder {
  /** A DSN pointing at this recorder for the given project id. */
  dsn(projectId: string): string;
  events(): readonly RecordedEvent[];
  close(): Promise<void>;
}

export async function startSentryIngestRecorder(): Promise<SentryIngestRecorder> {
  const events: RecordedEvent[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const projectId = /^\/api\/([^/]+)\/envelope\//.exec(req.url ?? '')?.[1];
      if (projectId) {
        const raw = Buffer.concat(chunks);
        const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        events.push(...eventsOfEnvelope(body.toString('utf8')).map((event) => ({ projectId, event })));
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
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Envelope: a header line, then (item header line, payload line) pairs. Only `event` items are kept. */
function eventsOfEnvelope(body: string): Readonly<Record<string, unknown>>[] {
  const lines = body.split('\n');
  const found: Readonly<Record<string, unknown>>[] = [];
  for (let i = 1; i + 1 < lines.length; i += 2) {
    const itemHeader = JSON.parse(lines[i] ?? '{}') as { type?: string };
    if (itemHeader.type === 'event') found.push(JSON.parse(lines[i + 1] ?? '{}') as Record<string, unknown>);
  }
  return found;
}
