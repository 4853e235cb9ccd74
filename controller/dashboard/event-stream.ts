// Server-sent events as the HTML standard defines them
// (https://html.spec.whatwg.org/multipage/server-sent-events.html): fields
// `event:` and `data:` per line, an empty line ends an event, a line starting
// with ':' is a comment (a heartbeat), `retry:` sets the reconnect delay.

/** One event; `data` is sent as one line of JSON (JSON.stringify never writes a newline). */
export function sseEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line, which EventSource ignores; keeps proxies from closing an idle stream. */
export const SSE_HEARTBEAT = ': heartbeat\n\n';

/** Asks EventSource to reconnect after `ms` when the stream ends. */
export function sseRetry(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}
