// API requests counted by the apiserver: the world's audit log (JSON lines of
// audit.k8s.io/v1 Events, Metadata level, see e2e/world/audit-log.ts), read
// from a byte offset taken before a window began. A request is one auditID
// (a watch is logged at ResponseStarted and ResponseComplete under one id);
// it belongs to the window when its requestReceivedTimestamp does.
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';

export interface AuditWindow {
  /** user.username of the client counted (a controller's ServiceAccount). */
  readonly user: string;
  /** Byte offset of the log when the window began (auditLogSize() then). */
  readonly fromOffset: number;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface AuditCount {
  readonly requests: number;
  /** "<verb> <resource>" → requests, e.g. "get deployments", "watch canaries". */
  readonly byVerbResource: Readonly<Record<string, number>>;
  /** Requests answered with a status code ≥ 400 (409 conflicts included). */
  readonly failed: number;
}

interface AuditEvent {
  auditID?: string;
  verb?: string;
  user?: { username?: string };
  objectRef?: { resource?: string; subresource?: string };
  requestReceivedTimestamp?: string;
  responseStatus?: { code?: number };
}

/** The log's size in bytes now; 0 before the apiserver wrote it. */
export function auditLogSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** Counts `window.user`'s requests received in [fromMs, toMs) by reading `file` from `fromOffset`. */
export async function countAuditRequests(file: string, window: AuditWindow): Promise<AuditCount> {
  const seen = new Map<string, { key: string; failed: boolean }>();
  const lines = createInterface({ input: createReadStream(file, { start: window.fromOffset }), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.includes(window.user)) continue;
    let event: AuditEvent;
    try {
      event = JSON.parse(line) as AuditEvent;
    } catch {
      continue; // the first line may start mid-event when the offset fell inside one
    }
    if (event.user?.username !== window.user || event.auditID === undefined) continue;
    const received = Date.parse(event.requestReceivedTimestamp ?? '');
    if (!(received >= window.fromMs && received < window.toMs)) continue;
    const resource = [event.objectRef?.resource ?? 'nonResource', event.objectRef?.subresource].filter(Boolean).join('/');
    const failed = (event.responseStatus?.code ?? 0) >= 400;
    const before = seen.get(event.auditID);
    seen.set(event.auditID, { key: `${event.verb ?? '?'} ${resource}`, failed: failed || (before?.failed ?? false) });
  }
  const byVerbResource: Record<string, number> = {};
  let failed = 0;
  for (const { key, failed: bad } of seen.values()) {
    byVerbResource[key] = (byVerbResource[key] ?? 0) + 1;
    if (bad) failed++;
  }
  return { requests: seen.size, byVerbResource, failed };
}

/** The `top` most frequent "<verb> <resource>" entries as "get deployments 412, ...". */
export function topRequests(count: AuditCount, top = 5): string {
  return Object.entries(count.byVerbResource)
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
}
