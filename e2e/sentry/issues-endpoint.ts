// GET /api/0/organizations/{org}/issues/ with Sentry's issue search subset,
// sort and cursor pagination (Link header, `limit`/`per_page`, `cursor`).
import { badRequest, commonFilters, eventMatches, type ApiAnswer, type ApiContext, type ApiRequest } from './api-request.js';
import type { StoredEvent, StoredIssue } from './ingest-store.js';
import { parseSearch, type SearchTerm } from './search-terms.js';

function termMatches(term: SearchTerm, issue: StoredIssue, events: readonly StoredEvent[]): boolean | string {
  const anyOf = (actual: string | null) => actual !== null && term.values.includes(actual);
  switch (term.key) {
    case 'firstRelease':
    case 'first-release':
      return anyOf(issue.firstRelease);
    case 'release':
      return events.some((e) => anyOf(e.release));
    case 'level':
      return anyOf(issue.level);
    case 'is':
      return term.values.includes('unresolved');
    case 'environment':
      return events.some((e) => anyOf(e.environment));
    case 'message':
      return term.values.every((v) => issue.title.toLowerCase().includes(v.toLowerCase()));
    default:
      return `Invalid search query: the stand-in does not know the key "${term.key}"`;
  }
}

const sorters: Record<string, (a: StoredIssue, b: StoredIssue) => number> = {
  new: (a, b) => b.firstSeen.localeCompare(a.firstSeen),
  date: (a, b) => b.lastSeen.localeCompare(a.lastSeen),
  freq: (a, b) => b.count - a.count,
};

function cursorOffset(cursor: string | null): number {
  const offset = Number(cursor?.split(':')[1] ?? 0);
  return Number.isInteger(offset) && offset > 0 ? offset : 0;
}

function link(url: URL, rel: 'previous' | 'next', offset: number, results: boolean): string {
  const cursor = `0:${offset}:${rel === 'previous' ? 1 : 0}`;
  const target = new URL(url);
  target.searchParams.set('cursor', cursor);
  return `<${target.toString()}>; rel="${rel}"; results="${results}"; cursor="${cursor}"`;
}

export function listIssues(ctx: ApiContext, req: ApiRequest, now: Date): ApiAnswer {
  const filters = commonFilters(req.query, now);
  if (typeof filters === 'string') return badRequest(filters);
  const terms = parseSearch(req.query.get('query') ?? 'is:unresolved');
  const sort = sorters[req.query.get('sort') ?? 'date'];
  if (!sort) return badRequest(`Invalid sort: ${req.query.get('sort')}`);
  const byIssue = new Map<string, StoredEvent[]>();
  for (const e of ctx.store.events()) {
    if (eventMatches(e, filters)) byIssue.set(e.issueId, [...(byIssue.get(e.issueId) ?? []), e]);
  }
  const matched: StoredIssue[] = [];
  for (const issue of ctx.store.issues()) {
    const events = byIssue.get(issue.id) ?? [];
    if (events.length === 0) continue;
    let keep = true;
    for (const term of terms) {
      const verdict = termMatches(term, issue, events);
      if (typeof verdict === 'string') return badRequest(verdict);
      if (verdict === term.negated) keep = false;
    }
    if (keep) matched.push({ ...issue, count: events.length, userCount: new Set(events.map((e) => e.userKey).filter(Boolean)).size });
  }
  matched.sort(sort);
  const asked = Number(req.query.get('per_page') ?? req.query.get('limit') ?? 100);
  const limit = Math.max(1, Math.min(Number.isFinite(asked) ? asked : 100, 100, ctx.pageSize));
  const offset = cursorOffset(req.query.get('cursor'));
  const page = matched.slice(offset, offset + limit);
  const hasNext = offset + limit < matched.length;
  const headers = {
    Link: `${link(req.url, 'previous', Math.max(0, offset - limit), offset > 0)}, ${link(req.url, 'next', offset + limit, hasNext)}`,
  };
  return { status: 200, headers, body: page.map(toSentryIssue) };
}

function toSentryIssue(i: StoredIssue): Record<string, unknown> {
  return {
    id: i.id, shortId: i.shortId, title: i.title, culprit: i.culprit, permalink: i.permalink, logger: null, level: i.level,
    status: i.status, statusDetails: {}, isPublic: false, platform: 'node',
    project: { id: i.projectId, name: i.projectSlug, slug: i.projectSlug, platform: 'node' },
    type: 'error', metadata: i.metadata, numComments: 0, assignedTo: null, isBookmarked: false, isSubscribed: false,
    hasSeen: false, annotations: [], issueType: 'error', issueCategory: 'error',
    count: String(i.count), userCount: i.userCount, firstSeen: i.firstSeen, lastSeen: i.lastSeen,
  };
}
