// Jira Cloud's REST API v3 for the two calls Songbird makes: search for an
// issue by label (`POST /rest/api/3/search/jql`, the enhanced JQL search)
// and create one (`POST /rest/api/3/issue`, 201 `{ id, key, self }`). Basic
// auth with email and API token (developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis).
// Every outcome is a JiraResult; the Authorization header never leaves this file.
import type { AxiosInstance } from 'axios';
import { createBoundedHttp, transportFailure } from '../bounded-http.js';
import { z } from 'zod';
import { errorFromStatus } from './jira-errors.js';
import type { JiraClient, JiraError, JiraIssueFields, JiraIssueRef, JiraResult, JiraSite } from './jira-port.js';

export interface JiraClientOptions {
  /** Per request, the whole exchange (an abort deadline, not only axios' idle timeout). Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Largest answer read, in bytes; a larger one is a badResponse. Default 1 MiB. */
  readonly maxResponseBytes?: number;
}

const issueRefSchema = z.object({ id: z.string(), key: z.string() });
const searchSchema = z.object({ issues: z.array(issueRefSchema) });

/** A JQL string literal: double-quoted, with `"` and `\` escaped (JQL's string syntax). */
export function jqlString(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

export function createJiraClient(options: JiraClientOptions = {}): JiraClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxBytes = options.maxResponseBytes ?? 1024 * 1024;
  const client: AxiosInstance = createBoundedHttp({ timeoutMs, maxBytes });

  async function post<T>(site: JiraSite, path: string, body: unknown, expected: number, schema: z.ZodType<T>, what: string): Promise<JiraResult<T>> {
    let host: string;
    let url: string;
    try {
      const base = new URL(site.baseUrl);
      host = base.host;
      url = new URL(path, base).href;
    } catch {
      return { ok: false, error: { code: 'rejected', retryable: false, message: `the Jira site URL is not a URL (SONGBIRD_JIRA_URL)` } };
    }
    const credentials = Buffer.from(`${site.email}:${site.apiToken}`).toString('base64');
    const authorization = `Basic ${credentials}`;
    let status: number;
    let text: string;
    // axios' timeout only bounds idleness; a server trickling bytes is stopped by this deadline.
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      const response = await client.post<string>(url, JSON.stringify(body), {
        headers: { Authorization: authorization, Accept: 'application/json', 'Content-Type': 'application/json' },
        signal: deadline,
      });
      status = response.status;
      text = String(response.data ?? '');
    } catch (failed) {
      return { ok: false, error: transportError(deadline.aborted ? { code: 'ETIMEDOUT' } : failed, what, host, maxBytes) };
    }
    if (status !== expected) return { ok: false, error: errorFromStatus(status, text, what, host, [site.apiToken, credentials]) };
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const read = schema.safeParse(parsed);
    if (read.success) return { ok: true, value: read.data };
    return { ok: false, error: { code: 'badResponse', status, retryable: true, message: `Jira at ${host} answered ${status} to ${what} with a body that is not Jira's shape` } };
  }

  return {
    async findByLabel(site, projectKey, label) {
      const jql = `project = ${jqlString(projectKey)} AND labels = ${jqlString(label)} ORDER BY created ASC`;
      const found = await post(site, '/rest/api/3/search/jql', { jql, fields: ['summary'], maxResults: 1 }, 200, searchSchema, 'a search for an issue already filed');
      if (!found.ok) return found;
      const first = found.value.issues[0];
      return { ok: true, value: first ? { id: first.id, key: first.key } : undefined };
    },
    async createIssue(site, fields: JiraIssueFields): Promise<JiraResult<JiraIssueRef>> {
      return post(site, '/rest/api/3/issue', { fields }, 201, issueRefSchema, 'creating an issue');
    },
  };
}

/** A transport failure: a passed deadline is a timeout, an answer over maxBytes (axios' maxContentLength) a badResponse. */
function transportError(failed: unknown, what: string, host: string, maxBytes: number): JiraError {
  const { kind, code } = transportFailure(failed);
  const cause = new Error(code ?? 'request failed');
  if (kind === 'tooLarge') {
    return { code: 'badResponse', retryable: true, cause, message: `Jira at ${host} answered ${what} with more than ${maxBytes} bytes, the most Songbird reads` };
  }
  if (kind === 'timeout') return { code: 'timeout', retryable: true, cause, message: `Jira at ${host} did not answer ${what} in time (it may have been done: the next try searches first)` };
  return { code: 'network', retryable: true, cause, message: `Jira at ${host} could not be reached for ${what}${code ? ` (${code})` : ''}` };
}
