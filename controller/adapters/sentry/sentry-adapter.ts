// The Sentry adapter: the SentryPort over Sentry's REST API. It fetches and
// translates; what the numbers mean for a rollout is decided elsewhere.
import { parseLinkHeader } from './link-header.js';
import { errorEventsQuery, newIssuesQuery, releaseQuery, transactionsQuery } from './search-query.js';
import { badResponse, type CallPurpose } from './sentry-errors.js';
import { createSentryHttp, type SentryHttpOptions } from './sentry-http.js';
import type { CrashFreeSessions, NewIssues, NewIssuesQuery, RateLimitInfo, Result, SentryIssue, SentryPort, SentryTarget, TransactionDurations, TransactionsQuery, WindowQuery } from './sentry-port.js';
import { deployListSchema, deploySchema, eventsCountSchema, eventsRowSchema, issueListSchema, releaseSchema, sessionsSchema } from './sentry-schemas.js';

export interface SentryAdapterOptions extends SentryHttpOptions {
  /** Issues are read 100 per page; at most this many pages. Default 10. */
  readonly maxIssuePages?: number;
  /** Page size sent as `limit` (Sentry caps it at 100). */
  readonly issuePageSize?: number;
}

// The scope each endpoint asks for: the `security` of its operation in
// getsentry/sentry-api-schema (any one listed scope is enough; this names the
// narrowest that serves Songbird). Discover's events endpoint wants org:read, not event:read.
const readIssues: CallPurpose = { action: 'read issues', scope: 'event:read' };
const readEvents: CallPurpose = { action: 'read events', scope: 'org:read' };
const readSessions: CallPurpose = { action: 'read release health sessions', scope: 'org:read' };
const writeReleases: CallPurpose = { action: 'create releases', scope: 'project:releases' };
const readDeploys: CallPurpose = { action: 'read deploys', scope: 'project:releases' };
const writeDeploys: CallPurpose = { action: 'create deploys', scope: 'project:releases' };

type Params = Array<readonly [string, string]>;

function orgPath(t: SentryTarget, rest: string): string {
  return `/organizations/${encodeURIComponent(t.organization)}${rest}`;
}

function scopeParams(t: SentryTarget): Params {
  const params: Params = t.projects.map((p) => ['project', p.id] as const);
  if (t.environment) params.push(['environment', t.environment]);
  return params;
}

const countField = 'count()';

/** The problem of an aggregate row without a field that was asked for (Sentry answers one row, keyed by each field as asked). */
function missingField(field: string, row: object | undefined): string {
  return row === undefined ? `the events answer has no row (expected one with "${field}")` : `the events row has no "${field}" field, which was asked for`;
}

/** A badResponse for a call Sentry answered with a usable shape but unusable content, keeping its rate-limit headers. */
function refused(t: SentryTarget, answer: { readonly rateLimit?: RateLimitInfo }, problem: string): Result<never> {
  return { ok: false, error: badResponse(t, readEvents, problem), ...(answer.rateLimit ? { rateLimit: answer.rateLimit } : {}) };
}

function windowParams(start: Date, end: Date): Params {
  return [['start', start.toISOString()], ['end', end.toISOString()]];
}

export function createSentryAdapter(options: SentryAdapterOptions = {}): SentryPort {
  const http = createSentryHttp(options);
  const maxPages = options.maxIssuePages ?? 10;
  const pageSize = options.issuePageSize ?? 100;

  async function newIssues(t: SentryTarget, q: NewIssuesQuery): Promise<Result<NewIssues>> {
    const issues: SentryIssue[] = [];
    let cursor: string | undefined;
    let rateLimit: RateLimitInfo | undefined;
    for (let page = 0; page < maxPages; page++) {
      const params: Params = [
        ['query', newIssuesQuery(q.release, q.levels)],
        ...scopeParams(t),
        ...windowParams(q.since, q.until ?? new Date()),
        ['sort', 'new'],
        ['limit', String(pageSize)],
      ];
      if (cursor) params.push(['cursor', cursor]);
      const answer = await http.send(t, { method: 'GET', path: orgPath(t, '/issues/'), params, schema: issueListSchema, purpose: readIssues });
      if (!answer.ok) return answer;
      rateLimit = answer.rateLimit ?? rateLimit;
      for (const i of answer.value.body) {
        issues.push({
          id: i.id, shortId: i.shortId, title: i.title, culprit: i.culprit, level: i.level,
          count: i.count, userCount: i.userCount, permalink: i.permalink, firstSeen: i.firstSeen, lastSeen: i.lastSeen,
          ...(i.project?.slug ? { projectSlug: i.project.slug } : {}),
        });
      }
      const next = parseLinkHeader(answer.value.link).next;
      if (!next?.results) return { ok: true, value: { issues, truncated: false }, ...(rateLimit ? { rateLimit } : {}) };
      cursor = next.cursor;
    }
    return { ok: true, value: { issues, truncated: true }, ...(rateLimit ? { rateLimit } : {}) };
  }

  async function errorEvents(t: SentryTarget, q: WindowQuery): Promise<Result<number>> {
    const params: Params = [
      ['field', 'count()'],
      ['query', errorEventsQuery(q.release)],
      ['dataset', 'errors'],
      ...scopeParams(t),
      ...windowParams(q.start, q.end),
    ];
    const answer = await http.send(t, { method: 'GET', path: orgPath(t, '/events/'), params, schema: eventsCountSchema, purpose: readEvents });
    if (!answer.ok) return answer;
    const row = answer.value.body.data[0];
    if (row === undefined || !(countField in row)) return refused(t, answer, missingField(countField, row));
    return { ...answer, value: row[countField] };
  }

  async function transactionDurations(t: SentryTarget, q: TransactionsQuery): Promise<Result<TransactionDurations>> {
    const percentileField = `${q.percentile}(transaction.duration)`;
    const slowField = q.slowerThanMs !== undefined ? `count_if(transaction.duration,greater,${q.slowerThanMs})` : undefined;
    const params: Params = [
      ['field', countField],
      ['field', percentileField],
      ...(slowField ? [['field', slowField] as const] : []),
      ['query', transactionsQuery(q.release)],
      ['dataset', 'transactions'],
      ...scopeParams(t),
      ...windowParams(q.start, q.end),
    ];
    const answer = await http.send(t, { method: 'GET', path: orgPath(t, '/events/'), params, schema: eventsRowSchema, purpose: readEvents });
    if (!answer.ok) return answer;
    // Every asked field must be in the row: a missing count is not zero (a missing slow count
    // would pass sentrySlowTransactions). Only the percentile may be null (no transactions).
    const row = answer.value.body.data[0];
    const missing = [countField, percentileField, ...(slowField ? [slowField] : [])].find((field) => row === undefined || !(field in row));
    if (missing !== undefined) return refused(t, answer, missingField(missing, row));
    const transactions = row![countField];
    if (transactions === null || transactions === undefined) return refused(t, answer, `the events row has null for "${countField}"`);
    const slowCount = slowField ? row![slowField] : undefined;
    if (slowField && (slowCount === null || slowCount === undefined)) return refused(t, answer, `the events row has null for "${slowField}"`);
    const slow = slowField ? { slow: slowCount! } : {};
    return { ...answer, value: { transactions, percentileMs: row![percentileField] ?? null, ...slow } };
  }

  async function crashFreeSessions(t: SentryTarget, q: WindowQuery): Promise<Result<CrashFreeSessions>> {
    const params: Params = [
      ['field', 'crash_free_rate(session)'],
      ['field', 'sum(session)'],
      ['query', releaseQuery(q.release)],
      ['interval', '1h'],
      ['includeSeries', '0'],
      ...scopeParams(t),
      ...windowParams(q.start, q.end),
    ];
    const answer = await http.send(t, { method: 'GET', path: orgPath(t, '/sessions/'), params, schema: sessionsSchema, purpose: readSessions });
    if (!answer.ok) return answer;
    const totals = answer.value.body.groups[0]?.totals ?? {};
    const sessions = totals['sum(session)'] ?? 0;
    const rate = totals['crash_free_rate(session)'];
    return {
      ...answer,
      value: {
        crashFreeRate: sessions > 0 && typeof rate === 'number' ? rate : null,
        sessions,
        windowStart: answer.value.body.start,
        windowEnd: answer.value.body.end,
      },
    };
  }

  async function ensureRelease(t: SentryTarget, release: string): Promise<Result<{ created: boolean }>> {
    // One POST is idempotent: 201 when Sentry created it, 208 when it already existed.
    const body = { version: release, projects: t.projects.map((p) => p.slug) };
    const answer = await http.send(t, { method: 'POST', path: orgPath(t, '/releases/'), body, schema: releaseSchema, purpose: writeReleases });
    if (!answer.ok) return answer;
    return { ...answer, value: { created: answer.value.status === 201 } };
  }

  async function recordDeploy(t: SentryTarget, release: string, environment: string, name?: string): Promise<Result<void>> {
    const path = orgPath(t, `/releases/${encodeURIComponent(release)}/deploys/`);
    if (name) {
      // A named deploy is recorded once, so a retried action does not add a second one.
      // What Sentry really returns here is only the LAST deploy of each (project,
      // environment) of the release (ReleaseProjectEnvironment.last_deploy_id in
      // release_deploys.py), not the history. So the test is "is the last deploy of
      // this environment, in our projects, already this marker?": a retry follows its
      // own first attempt, so it finds itself there and stops. Names carry a hash of
      // the marker's id (deployMarkerName), so two different markers never share a
      // name and are never taken for each other. The one case this does not cover,
      // another marker landing on the same release and environment between an attempt
      // and its retry, records the retried marker a second time, as the latest deploy.
      const params = t.projects.map((p) => ['project', p.id] as const);
      const existing = await http.send(t, { method: 'GET', path, params, schema: deployListSchema, purpose: readDeploys });
      if (!existing.ok) return existing;
      if (existing.value.body.some((d) => d.name === name && d.environment === environment)) {
        return { ...existing, value: undefined };
      }
    }
    const body = { environment, ...(name ? { name } : {}), projects: t.projects.map((p) => p.slug) };
    const answer = await http.send(t, { method: 'POST', path, body, schema: deploySchema, purpose: writeDeploys });
    if (!answer.ok) return answer;
    return { ...answer, value: undefined };
  }

  return { newIssues, errorEvents, transactionDurations, crashFreeSessions, ensureRelease, recordDeploy };
}
