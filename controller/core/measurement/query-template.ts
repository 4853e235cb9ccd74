// A user's query (PromQL, WQL) with the Canary's names and the check's window put in: the same
// {{ namespace }}, {{ target }} and {{ interval }} as Flagger's MetricTemplate variables
// (docs.flagger.app, "Custom metrics"). Other text, other {{ ... }} included, stays as written.

/** Values for a query's variables; `interval` as the query language writes a window, e.g. `30s`. */
export interface QueryVariables {
  readonly namespace: string;
  readonly target: string;
  readonly interval: string;
}

/** The query with every {{ namespace }}, {{ target }} and {{ interval }} (spaces inside optional) replaced. */
export function renderQuery(query: string, vars: QueryVariables): string {
  return query.replace(/\{\{\s*(namespace|target|interval)\s*\}\}/g, (_, name: keyof QueryVariables) => vars[name]);
}
