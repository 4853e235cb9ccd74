// The part of JQL the stand-in understands: clauses `field = value` joined by
// AND (fields project and labels), then an optional ORDER BY. Values are
// bare words or double-quoted strings with \" and \\ escapes (JQL's string
// syntax: support.atlassian.com/jira-software-cloud/docs/jql-fields). What it
// does not understand is refused as Jira refuses a JQL error (400).

export interface JqlQuery {
  readonly project?: string;
  readonly labels: readonly string[];
}

export type JqlParse = { ok: true; query: JqlQuery } | { ok: false; message: string };

const CLAUSE = /^\s*(project|labels)\s*=\s*("((?:[^"\\]|\\.)*)"|[A-Za-z0-9_.-]+)\s*/i;

/** The query, or Jira's message for it. An empty query is unbounded: the enhanced search refuses it. */
export function parseJql(jql: string): JqlParse {
  let rest = jql.replace(/(^|\s+)ORDER\s+BY\s+[A-Za-z]+(\s+(ASC|DESC))?\s*$/i, '').trim();
  if (rest === '') return { ok: false, message: 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.' };
  let project: string | undefined;
  const labels: string[] = [];
  for (;;) {
    const m = CLAUSE.exec(rest);
    if (!m) return { ok: false, message: `Error in the JQL Query: the stand-in understands only project = … AND labels = … (at '${rest.slice(0, 40)}').` };
    const value = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2]!;
    if (m[1]!.toLowerCase() === 'project') project = value;
    else labels.push(value);
    rest = rest.slice(m[0].length);
    if (rest === '') return { ok: true, query: { project, labels } };
    const and = /^AND\s+/i.exec(rest);
    if (!and) return { ok: false, message: `Error in the JQL Query: expected AND at '${rest.slice(0, 40)}'.` };
    rest = rest.slice(and[0].length);
  }
}
