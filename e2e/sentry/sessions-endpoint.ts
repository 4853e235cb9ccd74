// GET /api/0/organizations/{org}/sessions/ — release health totals and
// series. Like Sentry, the window is widened to whole intervals of at least
// one hour: start rounded down, end rounded up.
import { badRequest, commonFilters, type ApiAnswer, type ApiContext, type ApiRequest } from './api-request.js';
import type { StoredSessions } from './ingest-store.js';
import { parseSearch } from './search-terms.js';

const HOUR = 3_600_000;
const UNIT_MS: Record<string, number> = { m: 60_000, h: HOUR, d: 24 * HOUR };
const FIELDS = ['sum(session)', 'crash_free_rate(session)', 'crash_rate(session)'] as const;
type Field = (typeof FIELDS)[number];

function intervalMs(text: string | null): number | string {
  const m = /^(\d+)([mhd])$/.exec(text ?? '1h');
  if (!m) return `Invalid interval: ${text}`;
  const ms = Number(m[1]) * (UNIT_MS[m[2] ?? 'h'] ?? HOUR);
  if (ms > 24 * HOUR || (24 * HOUR) % Math.max(ms, 1) !== 0) return 'The interval has to be less than one day and cleanly divide one day';
  return Math.max(ms, HOUR);
}

function totals(rows: readonly StoredSessions[], fields: readonly Field[]): Record<string, number | null> {
  const sum = rows.reduce((n, r) => n + r.total, 0);
  const crashed = rows.reduce((n, r) => n + r.crashed, 0);
  const out: Record<string, number | null> = {};
  for (const f of fields) {
    if (f === 'sum(session)') out[f] = sum;
    if (f === 'crash_free_rate(session)') out[f] = sum === 0 ? null : 1 - crashed / sum;
    if (f === 'crash_rate(session)') out[f] = sum === 0 ? null : crashed / sum;
  }
  return out;
}

export function querySessions(ctx: ApiContext, req: ApiRequest, now: Date): ApiAnswer {
  const fields = req.query.getAll('field');
  if (fields.length === 0) return badRequest('Request is missing a "field"');
  const unknown = fields.find((f) => !(FIELDS as readonly string[]).includes(f));
  if (unknown) return badRequest(`Invalid field: "${unknown}"`);
  if (req.query.getAll('groupBy').length > 0) return badRequest('The stand-in does not group sessions');
  const interval = intervalMs(req.query.get('interval'));
  if (typeof interval === 'string') return badRequest(interval);
  const filters = commonFilters(req.query, now);
  if (typeof filters === 'string') return badRequest(filters);
  const endMs = filters.end ? Date.parse(filters.end) : now.getTime();
  const startMs = filters.start ? Date.parse(filters.start) : endMs - 24 * HOUR;
  const start = Math.floor(startMs / interval) * interval;
  const end = Math.max(start + interval, Math.ceil(endMs / interval) * interval);
  const terms = parseSearch(req.query.get('query') ?? '');
  for (const term of terms) {
    if (term.key !== 'release' && term.key !== 'environment') return badRequest(`Invalid query: the stand-in does not know the key "${term.key}"`);
  }
  const rows = ctx.store.sessions().filter((s) => {
    const at = Date.parse(s.started);
    if (at < start || at >= end) return false;
    if (filters.projectIds && !filters.projectIds.includes(s.projectId)) return false;
    if (filters.environments && !filters.environments.includes(s.environment ?? '')) return false;
    return terms.every((t) => (t.values.includes((t.key === 'release' ? s.release : s.environment) ?? '') !== t.negated));
  });
  const intervals: string[] = [];
  for (let at = start; at < end; at += interval) intervals.push(new Date(at).toISOString());
  const chosen = fields as Field[];
  const series: Record<string, Array<number | null>> = {};
  if (req.query.get('includeSeries') !== '0') {
    const perInterval = intervals.map((iso) => totals(rows.filter((r) => Date.parse(r.started) >= Date.parse(iso) && Date.parse(r.started) < Date.parse(iso) + interval), chosen));
    for (const f of chosen) series[f] = perInterval.map((t) => t[f] ?? null);
  }
  return {
    status: 200,
    body: {
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      intervals: req.query.get('includeSeries') === '0' ? [] : intervals,
      groups: [{ by: {}, totals: totals(rows, chosen), series }],
      query: req.query.get('query') ?? '',
    },
  };
}
