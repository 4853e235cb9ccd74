// GET /api/0/organizations/{org}/events/?dataset=transactions — Discover's table query over
// transactions, answering one row of aggregates as Sentry does: each field keyed exactly as
// asked, `meta.fields` with its type and `meta.units` with its unit. The functions it answers
// and how it refuses the rest are in README.md ("Transactions").
import { badRequest, commonFilters, type ApiAnswer, type ApiContext, type ApiRequest, type CommonFilters } from './api-request.js';
import { parseSearch, type SearchTerm } from './search-terms.js';
import type { StoredTransaction } from './transactions.js';

/** Functions of Sentry's discover dataset config (src/sentry/search/events/datasets/discover.py) the stand-in does not compute. */
const KNOWN_ELSEWHERE = new Set([
  'count_unique', 'count_miserable', 'user_misery', 'failure_count', 'failure_rate', 'apdex', 'count_web_vitals', 'epm', 'eps',
  'tpm', 'tps', 'last_seen', 'latest_event', 'sum', 'any', 'array_join', 'histogram', 'percentile_range', 'random_number',
  'modulo', 'p90', 'p100', 'count_at_least', 'compare_numeric_aggregate', 'to_other', 'equation',
]);
const PERCENTILES: Record<string, number> = { p50: 0.5, p75: 0.75, p95: 0.95, p99: 0.99 };
const CONDITIONS: Record<string, (a: number, b: number) => boolean> = {
  equals: (a, b) => a === b, notEquals: (a, b) => a !== b, less: (a, b) => a < b,
  lessOrEquals: (a, b) => a <= b, greater: (a, b) => a > b, greaterOrEquals: (a, b) => a >= b,
};

type Aggregate = { type: 'integer' | 'duration'; compute: (durations: readonly number[]) => number | null };

/**
 * The percentile as ClickHouse's quantile() (what Sentry's pNN() runs) interpolates between the
 * two nearest values; null over no transactions.
 */
export function quantileOf(sorted: readonly number[], level: number): number | null {
  if (sorted.length === 0) return null;
  const at = level * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.min(low + 1, sorted.length - 1);
  return (sorted[low] ?? 0) + ((sorted[high] ?? 0) - (sorted[low] ?? 0)) * (at - low);
}

/** One `field`: an aggregate the stand-in computes, or Sentry's words for why it cannot be. */
function aggregateOf(field: string): Aggregate | string {
  const call = /^([a-z_0-9]+)\((.*)\)$/.exec(field);
  if (!call) return `The stand-in answers aggregate fields only, not ${field} (Sentry would group by it)`;
  const [, name = '', rawArgs = ''] = call;
  const args = rawArgs === '' ? [] : rawArgs.split(',').map((a) => a.trim());
  const durationArg = (at: number) => (args[at] ?? 'transaction.duration') === 'transaction.duration';
  if (name === 'count' && args.length === 0) return { type: 'integer', compute: (d) => d.length };
  if (name in PERCENTILES && args.length <= 1 && durationArg(0)) {
    const level = PERCENTILES[name] ?? 0.5;
    return { type: 'duration', compute: (d) => quantileOf([...d].sort((a, b) => a - b), level) };
  }
  if (name === 'percentile' && args.length === 2 && durationArg(0)) {
    const level = Number(args[1]);
    if (!(level >= 0 && level <= 1)) return `percentile: ${args[1]} is not a valid percentile between 0 and 1`;
    return { type: 'duration', compute: (d) => quantileOf([...d].sort((a, b) => a - b), level) };
  }
  if ((name === 'avg' || name === 'min' || name === 'max') && args.length === 1 && durationArg(0)) {
    const pick = { avg: (d: readonly number[]) => d.reduce((s, v) => s + v, 0) / d.length, min: (d: readonly number[]) => Math.min(...d), max: (d: readonly number[]) => Math.max(...d) }[name];
    return { type: 'duration', compute: (d) => (d.length === 0 ? null : pick(d)) };
  }
  if (name === 'count_if' && args.length === 3 && durationArg(0)) {
    const condition = CONDITIONS[args[1] ?? ''];
    const bound = Number(args[2]);
    if (!condition) return `count_if: ${args[1]} is not a valid condition`;
    if (!Number.isFinite(bound)) return `count_if: ${args[2]} is not a valid number`;
    return { type: 'integer', compute: (d) => d.filter((v) => condition(v, bound)).length };
  }
  // Sentry: InvalidSearchQuery(f"{function} is not a valid function") (search/events/builder/base.py parse_function).
  if (!KNOWN_ELSEWHERE.has(name) && !['count', 'percentile', 'avg', 'min', 'max', 'count_if', ...Object.keys(PERCENTILES)].includes(name)) return `${name} is not a valid function`;
  return `The stand-in does not answer ${field} (a function Sentry knows, with arguments or a column it does not compute)`;
}

function termMatches(term: SearchTerm, t: StoredTransaction): boolean | string {
  const anyOf = (actual: string | null) => actual !== null && term.values.includes(actual);
  switch (term.key) {
    case 'release': return anyOf(t.release);
    case 'environment': return anyOf(t.environment);
    case 'transaction': return anyOf(t.name);
    case 'transaction.op': return anyOf(t.op);
    case 'event.type': return term.values.includes('transaction');
    default: return `Invalid query: the stand-in does not know the key "${term.key}"`;
  }
}

function inWindow(t: StoredTransaction, f: CommonFilters): boolean {
  if (f.projectIds && !f.projectIds.includes(t.projectId)) return false;
  if (f.environments && !f.environments.includes(t.environment ?? '')) return false;
  if (f.start && t.timestamp < f.start) return false;
  if (f.end && t.timestamp >= f.end) return false;
  return true;
}

/** The table of `field` aggregates over the transactions matching `query`, project, environment and the window. */
export function transactionsTable(ctx: ApiContext, req: ApiRequest, now: Date): ApiAnswer {
  const fields = req.query.getAll('field');
  if (fields.length === 0) return badRequest('No columns selected');
  if (fields.length > 20) return badRequest('You can view up to 20 fields at a time. Please delete some and try again.');
  const aggregates: Array<[string, Aggregate]> = [];
  for (const field of fields) {
    const aggregate = aggregateOf(field);
    if (typeof aggregate === 'string') return badRequest(aggregate);
    aggregates.push([field, aggregate]);
  }
  const filters = commonFilters(req.query, now);
  if (typeof filters === 'string') return badRequest(filters);
  const terms = parseSearch(req.query.get('query') ?? '');
  const durations: number[] = [];
  for (const t of ctx.store.transactions()) {
    if (!inWindow(t, filters)) continue;
    let keep = true;
    for (const term of terms) {
      const verdict = termMatches(term, t);
      if (typeof verdict === 'string') return badRequest(verdict);
      if (verdict === term.negated) keep = false;
    }
    if (keep) durations.push(t.durationMs);
  }
  const row = Object.fromEntries(aggregates.map(([field, a]) => [field, a.compute(durations)]));
  return {
    status: 200,
    body: {
      data: [row],
      meta: {
        fields: Object.fromEntries(aggregates.map(([field, a]) => [field, a.type])),
        units: Object.fromEntries(aggregates.map(([field, a]) => [field, a.type === 'duration' ? 'millisecond' : null])),
        isMetricsData: false, isMetricsExtractedData: false, tips: {}, datasetReason: 'unchanged', dataset: 'transactions',
      },
    },
  };
}
