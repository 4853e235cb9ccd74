// POST /api/{project_id}/envelope/ — what the Sentry SDKs send. The public
// key comes from the X-Sentry-Auth header or the sentry_key query parameter.
import type { ApiAnswer } from './api-request.js';
import { parseEnvelope } from './envelope.js';
import type { IngestStore } from './ingest-store.js';

export function publicKeyOf(authHeader: string | undefined, query: URLSearchParams): string | undefined {
  const fromHeader = authHeader ? /sentry_key=([^,\s]+)/.exec(authHeader)?.[1] : undefined;
  return fromHeader ?? query.get('sentry_key') ?? undefined;
}

function jsonPayload(payload: Buffer): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(payload.toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function ingestEnvelope(store: IngestStore, projectId: string, body: Buffer): ApiAnswer {
  if (!store.projectById(projectId)) return { status: 403, body: { detail: 'event submission rejected with_reason: ProjectId' } };
  const parsed = parseEnvelope(body);
  if (!parsed.ok) return { status: 400, body: { detail: `invalid envelope: ${parsed.reason}` } };
  for (const item of parsed.envelope.items) {
    const payload = ['event', 'transaction', 'session', 'sessions'].includes(item.type) ? jsonPayload(item.payload) : undefined;
    if (!payload) continue;
    if (item.type === 'event') store.addEvent(projectId, payload);
    if (item.type === 'transaction') store.addTransaction(projectId, payload);
    if (item.type === 'session') store.addSession(projectId, payload);
    if (item.type === 'sessions') store.addAggregates(projectId, payload);
  }
  const id = parsed.envelope.header['event_id'];
  return { status: 200, body: typeof id === 'string' ? { id } : {} };
}
