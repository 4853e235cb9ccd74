// The port the Jira notifier uses to find and file issues on a Jira Cloud
// site (REST API v3). Expected failures are values (JiraError), never throws.
// The API token is a secret: it never appears in an error, a log line or a result.
import type { Failure, Result } from '../../core/result.js';
import type { AdfDoc } from './adf.js';

export type JiraErrorCode = 'rejected' | 'unauthorized' | 'forbidden' | 'notFound' | 'rateLimited' | 'server' | 'timeout' | 'network' | 'badResponse';

/**
 * The shared Failure (core/result.ts) of a Jira call. `message` is for people:
 * it names the site and what Jira said (its errorMessages and errors), never the
 * token; `retryable` for 429, 5xx, timeouts and an unreachable site; `status` the
 * HTTP status when Jira answered; `cause` sanitized, never the raw axios error
 * (its config carries the Authorization header).
 */
export type JiraError = Failure<JiraErrorCode> & { readonly cause?: Error };

export type JiraResult<T> = Result<T, JiraError>;

/** Where and as whom: basic auth with an Atlassian account's email and API token. */
export interface JiraSite {
  /** e.g. https://acme.atlassian.net (no trailing /rest). */
  readonly baseUrl: string;
  readonly email: string;
  readonly apiToken: string;
}

/** An issue Jira knows: what `POST /rest/api/3/issue` answers (201) and what search lists. */
export interface JiraIssueRef {
  readonly id: string;
  readonly key: string;
}

/** The `fields` of a create-issue request (only those Songbird sets). */
export interface JiraIssueFields {
  readonly project: { readonly key: string };
  readonly issuetype: { readonly name: string };
  /** At most 255 characters (Jira refuses longer). */
  readonly summary: string;
  readonly description: AdfDoc;
  /** No spaces in a label (Jira refuses them). */
  readonly labels: readonly string[];
}

export interface JiraClient {
  /** The first issue of `projectKey` carrying `label` (`POST /rest/api/3/search/jql`), or undefined. */
  findByLabel(site: JiraSite, projectKey: string, label: string): Promise<JiraResult<JiraIssueRef | undefined>>;
  /** Files one issue (`POST /rest/api/3/issue`). */
  createIssue(site: JiraSite, fields: JiraIssueFields): Promise<JiraResult<JiraIssueRef>>;
}
