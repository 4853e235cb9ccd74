// Posts a message to a Slack incoming webhook: retries 5xx, 429 (honouring
// Retry-After) and unreachable hosts with exponential backoff, all within a
// total time budget, so a Slack failure never holds a rollout for long.
import type { Logger } from 'pino';
import { errorFromStatus, invalidUrlError, networkError, timeoutError, type ErrorContext } from './slack-errors.js';
import type { SendOptions, SlackError, SlackPayload, SlackResult, SlackSender } from './slack-port.js';
import { parseRetryAfterSeconds } from './retry-after.js';
import { retryDelayMs } from './retry-policy.js';
import { parseWebhookUrl } from './webhook-secret.js';
import { createWebhookPost, type PostOutcome, type WebhookPost } from './webhook-post.js';

export interface SlackSenderOptions {
  /** Per attempt. Default 2 500 ms. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  readonly retries?: number;
  /** First backoff delay, doubled each retry. Default 250 ms. */
  readonly baseDelayMs?: number;
  /** Everything, attempts and waits, ends within this. Default 6 000 ms. */
  readonly totalBudgetMs?: number;
  readonly logger?: Logger;
  readonly post?: WebhookPost;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
}

/** An attempt with less time than this left is not started. */
const MIN_ATTEMPT_MS = 100;

export function createSlackSender(options: SlackSenderOptions = {}): SlackSender {
  const timeoutMs = options.timeoutMs ?? 2_500;
  const policy = { retries: options.retries ?? 3, baseDelayMs: options.baseDelayMs ?? 250 };
  const totalBudgetMs = options.totalBudgetMs ?? 6_000;
  const post = options.post ?? createWebhookPost();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? (() => Date.now());
  const random = options.random ?? Math.random;

  async function send(webhookUrl: string, message: SlackPayload, sendOptions: SendOptions = {}): Promise<SlackResult<void>> {
    const target = parseWebhookUrl(webhookUrl);
    if (!target) return { ok: false, error: invalidUrlError(sendOptions.secretRef) };
    const body = JSON.stringify({ text: message.text, ...(message.blocks ? { blocks: message.blocks } : {}) });
    const deadline = now() + totalBudgetMs;
    for (let attempt = 1; ; attempt += 1) {
      const attemptTimeout = Math.min(timeoutMs, deadline - now());
      const outcome = await post(target.url, body, attemptTimeout);
      if (outcome.kind === 'answered' && outcome.status >= 200 && outcome.status < 300) return { ok: true };
      const context: ErrorContext = { secretRef: sendOptions.secretRef, host: target.host, redact: target.redact, attempts: attempt };
      const error = errorOf(outcome, attemptTimeout, context);
      const delay = retryDelayMs(outcome, attempt, policy, random, now());
      if (delay === undefined) return { ok: false, error };
      if (now() + delay + MIN_ATTEMPT_MS > deadline) return { ok: false, error: outOfBudget(error, delay) };
      options.logger?.warn({ secretRef: sendOptions.secretRef, code: error.code, status: error.status, attempt, delayMs: Math.round(delay) }, 'slack webhook failed; retrying');
      await sleep(delay);
    }
  }

  function errorOf(outcome: PostOutcome, attemptTimeout: number, context: ErrorContext): SlackError {
    switch (outcome.kind) {
      case 'answered': {
        const retryAfter = outcome.status === 429 ? parseRetryAfterSeconds(outcome.headers['retry-after'], now()) : undefined;
        return errorFromStatus(outcome.status, outcome.body, retryAfter, context);
      }
      case 'timedOut':
        return timeoutError(attemptTimeout, context);
      case 'failed':
        return networkError(outcome.errorCode, outcome.errorMessage, context);
      default: {
        const unknown: never = outcome;
        throw new Error(`unhandled webhook outcome ${JSON.stringify(unknown)}`);
      }
    }
  }

  function outOfBudget(error: SlackError, delayMs: number): SlackError {
    const budget = `gave up: the next try in ${(delayMs / 1000).toFixed(1)}s would pass the ${(totalBudgetMs / 1000).toFixed(1)}s budget`;
    return { ...error, message: `${error.message}; ${budget}` };
  }

  return { send };
}
