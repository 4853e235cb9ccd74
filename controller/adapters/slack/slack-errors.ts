// Turns webhook answers and transport failures into SlackError values with
// messages an on-call engineer can act on. Messages name the Secret, never
// the URL; Slack's answer body is redacted before it is quoted.
import type { SlackError } from './slack-port.js';

export interface ErrorContext {
  /** e.g. "shop/slack-webhook:url" */
  readonly secretRef?: string;
  /** Not secret, e.g. hooks.slack.com */
  readonly host: string;
  readonly redact: (text: string) => string;
  readonly attempts: number;
}

function secretName(c: ErrorContext): string {
  return c.secretRef ? `Secret ${c.secretRef}` : 'the Secret that holds the Slack webhook URL';
}

/** Slack answers errors with a short code in plain text (no_service, invalid_payload, …). */
export function slackAnswerExcerpt(body: string, c: ErrorContext): string {
  const oneLine = c.redact(body).replace(/\s+/g, ' ').trim();
  return oneLine.length > 100 ? `${oneLine.slice(0, 99)}…` : oneLine;
}

const HINTS: Record<number, (c: ErrorContext) => string> = {
  400: () => 'Slack could not read the message; this is a bug in Songbird, please report it',
  403: (c) => `posting through this webhook is forbidden; check the Slack app's permissions or the URL in ${secretName(c)}`,
  404: (c) => `webhook revoked or wrong URL in ${secretName(c)}`,
  410: (c) => `the channel is archived; put a webhook for a live channel in ${secretName(c)}`,
};

/** Slack's own error codes that say more than their status (incoming webhooks, "Handling errors"). */
const CODE_HINTS: Record<string, (c: ErrorContext) => string> = {
  channel_not_found: (c) => `the webhook's channel no longer exists; put a webhook for a live channel in ${secretName(c)}`,
  posting_to_general_channel_denied: (c) => `the workspace restricts posting to #general; put a webhook for another channel in ${secretName(c)}`,
  invalid_blocks: () => 'Slack refused the message\'s Block Kit blocks; this is a bug in Songbird, please report it',
};

export function errorFromStatus(status: number, body: string, retryAfterSeconds: number | undefined, c: ErrorContext): SlackError {
  const answer = slackAnswerExcerpt(body, c);
  const answered = `Slack webhook answered ${status}${answer ? ` ${answer}` : ''}`;
  const tries = c.attempts > 1 ? ` after ${c.attempts} attempts` : '';
  const base = { status, attempts: c.attempts };
  if (status === 429) {
    const wait = retryAfterSeconds === undefined ? '' : `; Slack asks to wait ${retryAfterSeconds}s`;
    return { ...base, code: 'rateLimited', retryable: true, retryAfterSeconds, message: `${answered} (rate-limited${tries}${wait})` };
  }
  if (status >= 500) {
    return { ...base, code: 'server', retryable: true, message: `${answered} (Slack is failing${tries}; the message was not posted)` };
  }
  if (status >= 300 && status < 400) {
    return { ...base, code: 'rejected', retryable: false, message: `${answered} (a redirect: not a Slack webhook URL in ${secretName(c)}?)` };
  }
  const hint = CODE_HINTS[body.trim()]?.(c) ?? HINTS[status]?.(c) ?? `check the URL in ${secretName(c)}`;
  return { ...base, code: 'rejected', retryable: false, message: `${answered} (${hint})` };
}

export function timeoutError(timeoutMs: number, c: ErrorContext): SlackError {
  return {
    code: 'timeout',
    retryable: true,
    attempts: c.attempts,
    message: `Slack webhook at ${c.host} did not answer within ${timeoutMs} ms (the message may or may not have been posted)`,
  };
}

export function networkError(errorCode: string | undefined, errorMessage: string, c: ErrorContext): SlackError {
  const text = c.redact(errorMessage);
  const cause = new Error(errorCode ? `${errorCode}: ${text}` : text);
  const tries = c.attempts > 1 ? ` after ${c.attempts} attempts` : '';
  return {
    code: 'network',
    retryable: true,
    attempts: c.attempts,
    cause,
    message: `Could not reach the Slack webhook at ${c.host}${tries}: ${errorCode ?? text}`,
  };
}

export function invalidUrlError(secretRef: string | undefined): SlackError {
  const where = secretRef ? `Secret ${secretRef}` : 'the Secret that holds the Slack webhook URL';
  return { code: 'rejected', retryable: false, attempts: 0, message: `The Slack webhook URL in ${where} is not an http(s) URL` };
}
