// Test support: HTTP servers on 127.0.0.1 (a free port) that misbehave as the adapters' tests
// need: one trickles its answer a byte at a time, forever; one answers a body of a given size.
// `stop()` ends every connection and timer and closes the server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MisbehavingServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  stop(): Promise<void>;
}

async function listen(server: Server, timers: Set<NodeJS.Timeout>): Promise<MisbehavingServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async stop() {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Answers 200 with headers at once, then one byte of body every `everyMs` (default 300 ms), never ending. */
export async function startTricklingServer(everyMs = 300): Promise<MisbehavingServer> {
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write('{');
    const timer = setInterval(() => res.write(' '), everyMs);
    timers.add(timer);
    res.on('close', () => clearInterval(timer));
  });
  return listen(server, timers);
}

/** Answers `status` with a JSON string body of `bytes` bytes, to every request. */
export async function startHugeAnswerServer(bytes: number, status = 200): Promise<MisbehavingServer> {
  const body = JSON.stringify('x'.repeat(Math.max(0, bytes - 2)));
  const server = createServer((_req, res) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(body));
  return listen(server, new Set());
}
