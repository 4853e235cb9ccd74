// The port the runtime uses to post a rendered message to a Slack incoming
// webhook. Expected failures are values (SlackError), never throws. The
// webhook URL is a secret: it never appears in an error, a log line or a result.
import type { KnownBlock } from '@slack/types';

export type SlackErrorCode = 'rejected' | 'rateLimited' | 'server' | 'timeout' | 'network';

export interface SlackError {
  readonly code: SlackErrorCode;
  /** For people; names the Secret (when given), never the URL. */
  readonly message: string;
  /** Whether sending the same message later may succeed. */
  readonly retryable: boolean;
  /** The HTTP status of the last answer, when there was one. */
  readonly status?: number;
  /** Slack's Retry-After on a 429, in seconds. */
  readonly retryAfterSeconds?: number;
  /** How many requests were made. */
  readonly attempts: number;
  /** A sanitized cause: never the raw axios error (its config carries the URL). */
  readonly cause?: Error;
}

export type Result<T> =
  | ([T] extends [void] ? { readonly ok: true } : { readonly ok: true; readonly value: T })
  | { readonly ok: false; readonly error: SlackError };

/** What an incoming webhook accepts, typed with Slack's Block Kit types; renderSlackMessage's output fits. */
export interface SlackPayload {
  readonly text: string;
  readonly blocks?: readonly KnownBlock[];
}

export interface SendOptions {
  /** Where the URL came from, for messages only, e.g. "shop/slack-webhook:url". */
  readonly secretRef?: string;
}

export interface SlackSender {
  send(webhookUrl: string, message: SlackPayload, options?: SendOptions): Promise<Result<void>>;
}
