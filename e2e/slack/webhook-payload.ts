// What Slack checks of an incoming webhook's body before posting it, as a pure
// function: the HTTP stand-in answers with it, and unit tests call it directly.
import { blockKitViolations, type BlockViolation } from './block-kit-rules.js';

/** A message Slack would post. */
export interface WebhookMessage {
  readonly text: string;
  readonly blocks: unknown[];
}

/** Slack's 400 answers for a body it will not post (the answer body is the bare code). */
export type PayloadError = 'invalid_payload' | 'no_text' | 'invalid_blocks' | 'too_many_attachments';

export type PayloadVerdict =
  | { readonly ok: true; readonly message: WebhookMessage }
  | { readonly ok: false; readonly status: 400; readonly error: PayloadError; readonly violations: readonly BlockViolation[] };

/** "A message can have a maximum of 100 attachments" (incoming webhooks, handling errors). */
const MAX_ATTACHMENTS = 100;

const refuse = (error: PayloadError, violations: readonly BlockViolation[] = []): PayloadVerdict => ({ ok: false, status: 400, error, violations });

/**
 * Checks an already-parsed webhook payload as Slack does: an object; `text` a
 * string when present; `blocks` an array of valid Block Kit blocks
 * (`invalid_blocks` otherwise); some `text`, blocks or attachments (`no_text`).
 */
export function checkWebhookPayload(json: unknown): PayloadVerdict {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return refuse('invalid_payload');
  const { text, blocks, attachments } = json as { text?: unknown; blocks?: unknown; attachments?: unknown };
  if (text !== undefined && typeof text !== 'string') return refuse('invalid_payload');
  if (attachments !== undefined && !Array.isArray(attachments)) return refuse('invalid_payload');
  if (Array.isArray(attachments) && attachments.length > MAX_ATTACHMENTS) return refuse('too_many_attachments');
  if (blocks !== undefined && !Array.isArray(blocks)) return refuse('invalid_blocks', [{ pointer: '', rule: 'blocks must be an array' }]);
  const hasText = typeof text === 'string' && text !== '';
  const hasBlocks = Array.isArray(blocks) && blocks.length > 0;
  const hasAttachments = Array.isArray(attachments) && attachments.length > 0;
  if (!hasText && !hasBlocks && !hasAttachments) return refuse('no_text');
  const violations = Array.isArray(blocks) ? blockKitViolations(blocks) : [];
  if (violations.length > 0) return refuse('invalid_blocks', violations);
  return { ok: true, message: { text: typeof text === 'string' ? text : '', blocks: Array.isArray(blocks) ? (blocks as unknown[]) : [] } };
}

/**
 * Reads a raw webhook body as Slack does: JSON, or a form whose `payload`
 * field is JSON (api.slack.com/legacy/custom-integrations/messaging/webhooks),
 * then checks it with checkWebhookPayload. Unreadable: `invalid_payload`.
 */
export function readWebhookBody(raw: string, contentType = 'application/json'): PayloadVerdict {
  let source = raw;
  if (contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    const payload = new URLSearchParams(raw).get('payload');
    if (payload === null) return refuse('invalid_payload');
    source = payload;
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch {
    return refuse('invalid_payload');
  }
  return checkWebhookPayload(json);
}
