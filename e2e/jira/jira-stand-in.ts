// A stand-in for Jira Cloud's REST API v3 on loopback, for the two calls
// Songbird makes: `POST /rest/api/3/issue` and the enhanced JQL search
// (`POST` or `GET /rest/api/3/search/jql`), plus `GET /rest/api/3/issue/{key}`
// for tests. As strict as Jira: basic auth with a known email and API token,
// only its projects and issue types, the create body checked as Jira checks
// it (issue-request.ts, adf-rules.ts), errors in Jira's ErrorCollection shape.
// Rules and sources: README.md beside this file.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkCreateIssue, type ErrorCollection, type JiraProject, type ValidIssue } from './issue-request.js';
import { parseJql } from './jql-subset.js';

export interface JiraStandInIssue extends ValidIssue {
  readonly id: string;
  readonly key: string;
  readonly createdAt: Date;
}

export interface JiraStandInRefusal {
  readonly path: string;
  readonly status: number;
  readonly body: ErrorCollection;
}

export interface JiraStandInOptions {
  readonly port?: number;
  /** Default [{ key: 'OPS', issueTypes: ['Bug', 'Task'] }]. */
  readonly projects?: readonly JiraProject[];
  /** The one account that may call; default songbird@example.test / a fixed token. */
  readonly email?: string;
  readonly apiToken?: string;
}

export interface JiraStandIn {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly email: string;
  readonly apiToken: string;
  issues(): JiraStandInIssue[];
  refusals(): JiraStandInRefusal[];
  /** Requests received, as "METHOD path". */
  requests(): string[];
  /** The next `count` requests are answered `status` with an empty ErrorCollection (a fault, e.g. 503). */
  failNext(status: number, count?: number): void;
  /**
   * The next create is done (the issue is filed) but its answer is held until the
   * connection closes (a fault: the caller dies before it learns the issue exists).
   * Resolves when that create has been filed.
   */
  holdNextCreate(): Promise<JiraStandInIssue>;
  stop(): Promise<void>;
}

const BODY_MAX = 1024 * 1024;

export async function startJiraStandIn(options: JiraStandInOptions = {}): Promise<JiraStandIn> {
  const projects = options.projects ?? [{ key: 'OPS', issueTypes: ['Bug', 'Task'] }];
  const email = options.email ?? 'songbird@example.test';
  const apiToken = options.apiToken ?? 'stand-in-api-token-0123456789';
  const issues: JiraStandInIssue[] = [];
  const refusals: JiraStandInRefusal[] = [];
  const requests: string[] = [];
  const faults: number[] = [];
  let nextId = 10_000;
  let held: ((issue: JiraStandInIssue) => void) | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= BODY_MAX) chunks.push(c);
    });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stand-in');
      requests.push(`${req.method} ${url.pathname}`);
      const answer = (status: number, body: unknown) => {
        if (status >= 400) refusals.push({ path: url.pathname, status, body: body as ErrorCollection });
        res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
        res.end(JSON.stringify(body));
      };
      const fault = faults.shift();
      if (fault !== undefined) return answer(fault, { errorMessages: [], errors: {} });
      if (!authorized(req.headers.authorization)) return answer(401, { errorMessages: ['Client must be authenticated to access this resource.'], errors: {} });
      if (size > BODY_MAX) return answer(413, { errorMessages: ['Request entity too large.'], errors: {} });
      const raw = Buffer.concat(chunks).toString('utf8');
      if (url.pathname === '/rest/api/3/issue' && req.method === 'POST') return create(raw, answer);
      if (url.pathname === '/rest/api/3/search/jql' && (req.method === 'POST' || req.method === 'GET')) return search(req.method === 'GET' ? url.searchParams.get('jql') : jqlOf(raw), answer);
      const one = /^\/rest\/api\/3\/issue\/([^/]+)$/.exec(url.pathname);
      if (one && req.method === 'GET') {
        const issue = issues.find((i) => i.key === one[1] || i.id === one[1]);
        return issue ? answer(200, view(issue)) : answer(404, { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
      }
      return answer(404, { errorMessages: [`No resource found for ${req.method} ${url.pathname}.`], errors: {} });
    });
  });

  function authorized(header: string | undefined): boolean {
    const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
    if (!m) return false;
    return Buffer.from(m[1]!, 'base64').toString('utf8') === `${email}:${apiToken}`;
  }

  function create(raw: string, answer: (status: number, body: unknown) => void): void {
    const checked = checkCreateIssue(raw, projects);
    if (!checked.ok) return answer(checked.status, checked.body);
    const number = issues.filter((i) => i.projectKey === checked.issue.projectKey).length + 1;
    const issue = { ...checked.issue, id: String(nextId++), key: `${checked.issue.projectKey}-${number}`, createdAt: new Date() };
    issues.push(issue);
    if (held) {
      const filed = held;
      held = undefined;
      return filed(issue);
    }
    answer(201, { id: issue.id, key: issue.key, self: `${base()}/rest/api/3/issue/${issue.id}` });
  }

  function jqlOf(raw: string): string | null {
    try {
      const jql = (JSON.parse(raw) as { jql?: unknown }).jql;
      return typeof jql === 'string' ? jql : null;
    } catch {
      return null;
    }
  }

  function search(jql: string | null, answer: (status: number, body: unknown) => void): void {
    const parsed = parseJql(jql ?? '');
    if (!parsed.ok) return answer(400, { errorMessages: [parsed.message], errors: {} });
    const { project, labels } = parsed.query;
    if (project !== undefined && !projects.some((p) => p.key === project)) return answer(400, { errorMessages: [`The value '${project}' does not exist for the field 'project'.`], errors: {} });
    const found = issues.filter((i) => (project === undefined || i.projectKey === project) && labels.every((l) => i.labels.includes(l)));
    answer(200, { issues: found.map((i) => ({ id: i.id, key: i.key, self: `${base()}/rest/api/3/issue/${i.id}`, fields: { summary: i.summary } })), isLast: true });
  }

  function view(issue: JiraStandInIssue) {
    return { id: issue.id, key: issue.key, fields: { project: { key: issue.projectKey }, issuetype: { name: issue.issueType }, summary: issue.summary, description: issue.description, labels: issue.labels } };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base(),
    email,
    apiToken,
    issues: () => [...issues],
    refusals: () => [...refusals],
    requests: () => [...requests],
    holdNextCreate: () => new Promise<JiraStandInIssue>((resolve) => (held = resolve)),
    failNext: (status, count = 1) => faults.push(...Array.from({ length: count }, () => status)),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
