// Jira's answers turned into JiraError values. Jira Cloud's REST API answers
// an error with `{ "errorMessages": [..], "errors": { "<field>": "<message>" } }`
// (developer.atlassian.com/cloud/jira/platform/rest/v3/intro, "Status codes"
// and ErrorCollection); 401 when the credentials are missing or wrong, 403
// when the account may not do it, 404 when the resource does not exist or
// cannot be seen, 429 when rate-limited.
import { z } from 'zod';
import { quotedFromServer } from '../secret-redaction.js';
import type { JiraError } from './jira-port.js';

const errorCollectionSchema = z.object({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.string()).optional(),
});

/**
 * What Jira said in an error body, in one line: its errorMessages, then each field's error; ''
 * when the body is not Jira's shape. `secrets` (the API token, the base64 of email:token) and any
 * Bearer/Basic credential are redacted, then the text is clipped to 300 code points.
 */
export function jiraSaid(body: string, secrets: ReadonlyArray<string>): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return '';
  }
  const collection = errorCollectionSchema.safeParse(parsed);
  if (!collection.success) return '';
  const fields = Object.entries(collection.data.errors ?? {}).map(([field, message]) => `${field}: ${message}`);
  const said = [...(collection.data.errorMessages ?? []), ...fields].join('; ');
  return said === '' ? '' : quotedFromServer(said, secrets, 300);
}

/** The error for a non-2xx answer to `what` (e.g. "creating an issue") on `host`; `secrets` are redacted from Jira's words. */
export function errorFromStatus(status: number, body: string, what: string, host: string, secrets: ReadonlyArray<string>): JiraError {
  const said = jiraSaid(body, secrets);
  const tail = said === '' ? '' : `: ${said}`;
  const at = `Jira at ${host} answered ${status} to ${what}`;
  if (status === 401) return { code: 'unauthorized', status, retryable: false, message: `${at}: the email and API token were not accepted (check the token Secret and SONGBIRD_JIRA_EMAIL)${tail}` };
  if (status === 403) return { code: 'forbidden', status, retryable: false, message: `${at}: the account may not do this in the project${tail}` };
  if (status === 404) return { code: 'notFound', status, retryable: false, message: `${at}: not found or not visible to the account${tail}` };
  if (status === 429) return { code: 'rateLimited', status, retryable: true, message: `${at}: rate-limited${tail}` };
  if (status >= 500) return { code: 'server', status, retryable: true, message: `${at}${tail}` };
  return { code: 'rejected', status, retryable: false, message: `${at}${tail === '' ? '' : tail}` };
}
