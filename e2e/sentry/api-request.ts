// The request and answer types shared by the stand-in's REST endpoints,
// plus the filters every organization endpoint accepts.
import type { IngestStore, StoredEvent } from './ingest-store.js';

export interface ApiRequest {
  readonly method: string;
  /** Absolute URL of this request, for Link headers. */
  readonly url: URL;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Record<string, string>;
}

export interface ApiContext {
  readonly store: IngestStore;
  readonly organization: string;
  readonly pageSize: number;
}

export const notFound: ApiAnswer = { status: 404, body: { detail: 'The requested resource does not exist' } };

export function badRequest(detail: string): ApiAnswer {
  return { status: 400, body: { detail } };
}

export interface CommonFilters {
  readonly projectIds: readonly string[] | null;
  readonly environments: readonly string[] | null;
  readonly start: string | null;
  readonly end: string | null;
}

const PERIOD_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** project=1&project=2 (-1 means all), environment=…, start/end or statsPeriod. */
export function commonFilters(query: URLSearchParams, now: Date): CommonFilters | string {
  const projects = query.getAll('project').filter((p) => p !== '-1');
  const environments = query.getAll('environment');
  const period = query.get('statsPeriod');
  let start = query.get('start');
  let end = query.get('end');
  if (period) {
    const m = /^(\d+)([smhdw])$/.exec(period);
    if (!m) return `Invalid statsPeriod: ${period}`;
    end = now.toISOString();
    start = new Date(now.getTime() - Number(m[1]) * (PERIOD_MS[m[2] ?? 'd'] ?? 0)).toISOString();
  }
  for (const [name, value] of [['start', start], ['end', end]] as const) {
    if (value !== null && Number.isNaN(Date.parse(value))) return `${name} is not an ISO-8601 date: ${value}`;
  }
  return {
    projectIds: projects.length > 0 ? projects : null,
    environments: environments.length > 0 ? environments : null,
    start: start === null ? null : new Date(start).toISOString(),
    end: end === null ? null : new Date(end).toISOString(),
  };
}

export function eventMatches(e: StoredEvent, f: CommonFilters): boolean {
  if (f.projectIds && !f.projectIds.includes(e.projectId)) return false;
  if (f.environments && !f.environments.includes(e.environment ?? '')) return false;
  if (f.start && e.timestamp < f.start) return false;
  if (f.end && e.timestamp >= f.end) return false;
  return true;
}
