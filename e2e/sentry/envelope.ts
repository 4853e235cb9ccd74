// Sentry envelopes (develop.sentry.dev/sdk/foundations/transport/envelopes/):
//   <envelope header JSON>\n
//   <item header JSON>\n<payload>\n   (repeated)
// An item header with `length` gives the payload's byte length; without it
// the payload runs to the next newline (or the end of the body).

export interface EnvelopeItem {
  readonly type: string;
  readonly header: Record<string, unknown>;
  readonly payload: Buffer;
}

export interface Envelope {
  readonly header: Record<string, unknown>;
  readonly items: readonly EnvelopeItem[];
}

export type EnvelopeParse = { ok: true; envelope: Envelope } | { ok: false; reason: string };

function lineAt(body: Buffer, from: number): { text: string; next: number } {
  const end = body.indexOf(0x0a, from);
  return end === -1 ? { text: body.subarray(from).toString('utf8'), next: body.length } : { text: body.subarray(from, end).toString('utf8'), next: end + 1 };
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function parseEnvelope(body: Buffer): EnvelopeParse {
  const first = lineAt(body, 0);
  const header = jsonObject(first.text);
  if (!header) return { ok: false, reason: 'the envelope header is not a JSON object' };
  const items: EnvelopeItem[] = [];
  let at = first.next;
  while (at < body.length) {
    const line = lineAt(body, at);
    if (line.text.trim() === '') {
      at = line.next;
      continue;
    }
    const itemHeader = jsonObject(line.text);
    if (!itemHeader || typeof itemHeader['type'] !== 'string') return { ok: false, reason: `item ${items.length} has no valid header` };
    let payload: Buffer;
    if (typeof itemHeader['length'] === 'number') {
      const length = itemHeader['length'];
      if (line.next + length > body.length) return { ok: false, reason: `item ${items.length} is shorter than its length ${length}` };
      payload = body.subarray(line.next, line.next + length);
      at = line.next + length;
      if (body[at] === 0x0a) at += 1;
    } else {
      const rest = lineAt(body, line.next);
      payload = Buffer.from(rest.text, 'utf8');
      at = rest.next;
    }
    items.push({ type: itemHeader['type'], header: itemHeader, payload });
  }
  return { ok: true, envelope: { header, items } };
}
