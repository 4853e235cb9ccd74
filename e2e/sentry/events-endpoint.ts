// GET /api/0/organizations/{org}/events/ — Discover's table query: the count of matching error
// events (dataset errors or discover), or aggregates of transactions (transactions-table.ts).
import { badRequest, commonFilters, eventMatches, type ApiAnswer, type ApiContext, type ApiRequest } from './api-request.js';
import type { StoredEvent } from './ingest-store.js';
import { parseSearch, type SearchTerm } from './search-terms.js';
import { transactionsTable } from './transactions-table.js';

function termMatches(term: SearchTerm, e: StoredEvent): boolean | string {
  const anyOf = (actual: string | null | undefined) => actual !== null && actual !== undefined && term.values.includes(actual);
  switch (term.key) {
    case 'release':
      return anyOf(e.release);
    case 'event.type':
      return anyOf(e.type);
    case 'level':
      return anyOf(e.level);
    case 'environment':
      return anyOf(e.environment);
    case 'error.type':
      return anyOf(e.exceptionType);
    default:
      return `Invalid query: the stand-in does not know the key "${term.key}"`;
  }
}

/** The datasets the stand-in answers; Sentry names all of its own in the same message (get_dataset in api/bases/organization_events.py). */
const DATASETS = ['discover', 'errors', 'transactions'];

export function countEvents(ctx: ApiContext, req: ApiRequest, now: Date): ApiAnswer {
  const dataset = req.query.get('dataset');
  if (dataset !== null && !DATASETS.includes(dataset)) return badRequest(`dataset must be one of: ${DATASETS.join(', ')}`);
  if (dataset === 'transactions') return transactionsTable(ctx, req, now);
  const fields = req.query.getAll('field');
  if (fields.length !== 1 || fields[0] !== 'count()') return badRequest(`The stand-in answers only field=count() of errors, not ${fields.join(',') || 'no field'}`);
  const filters = commonFilters(req.query, now);
  if (typeof filters === 'string') return badRequest(filters);
  const terms = parseSearch(req.query.get('query') ?? '');
  let count = 0;
  for (const e of ctx.store.events()) {
    if (!eventMatches(e, filters)) continue;
    if (dataset === 'errors' && e.type !== 'error') continue;
    let keep = true;
    for (const term of terms) {
      const verdict = termMatches(term, e);
      if (typeof verdict === 'string') return badRequest(verdict);
      if (verdict === term.negated) keep = false;
    }
    if (keep) count++;
  }
  return {
    status: 200,
    body: {
      data: [{ 'count()': count }],
      meta: { fields: { 'count()': 'integer' }, units: { 'count()': null }, isMetricsData: false, tips: {}, dataset: dataset ?? 'discover' },
    },
  };
}
