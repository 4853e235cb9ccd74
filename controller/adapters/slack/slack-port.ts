// The port the runtime uses to post a rendered message to a Slack incoming
// webhook. Expected failures are values (SlackError), never throws. The
// webhook URL is a secret: it never appears in an error, a log line or a result.
import type { KnownBlock } from '@slack/types';
import type { Failed, Failure, Result } from '../../core/result.js';

export type SlackErrorCode = 'rejected' | 'rateLimited' | 'server' | 'timeout' | 'network';

/**
 * The shared Failure (core/result.ts) of a webhook post. `message` is for
 * people and names the Secret (when given), never the URL; `status` is the
 * HTTP status of the last answer and `retryAfterSeconds` Slack's Retry-After
 * on a 429, when there were; `cause` is sanitized, never the raw axios error
 * (its config carries the URL).
 */
export type SlackError = Failure<SlackErrorCode> & {
  /** How many requests were made. */
  readonly attempts: number;
  readonly cause?: Error;
};

/** A post answers no value: its success is `{ ok: true }`, as before the shared shape. */
export type SlackResult<T> = [T] extends [void] ? { readonly ok: true } | Failed<SlackError> : Result<T, SlackError>;

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
  send(webhookUrl: string, message: SlackPayload, options?: SendOptions): Promise<SlackResult<void>>;
}
