// What e2e tests count at the end of a rollout to show nothing was done
// twice: Slack headlines, the Canary's Events by reason and message.
import type { CoreV1Event } from '@kubernetes/client-node';
import type { SlackStandInMessage } from '../slack/slack-stand-in.js';

/** Each message's headline (the line after the first, where the renderer puts it; the whole text when there is one line), oldest first. */
export function headlines(messages: readonly SlackStandInMessage[]): string[] {
  return messages.map((m) => m.body.text.split('\n')[1] ?? m.body.text);
}

export interface EventTally {
  readonly reason: string;
  readonly message: string;
  /** Event objects with this reason and message, plus the repeats the apiserver folded into their `count`. */
  readonly count: number;
}

/** The Events about Canaries (involvedObject.kind Canary), one entry per reason+message, in first-seen order. */
export function canaryEventCounts(events: readonly CoreV1Event[]): EventTally[] {
  const tally = new Map<string, EventTally>();
  for (const event of events) {
    if (event.involvedObject.kind !== 'Canary') continue;
    const reason = event.reason ?? '';
    const message = event.message ?? '';
    const key = `${reason}\n${message}`;
    const seen = tally.get(key)?.count ?? 0;
    tally.set(key, { reason, message, count: seen + Math.max(1, event.count ?? 1) });
  }
  return [...tally.values()];
}

/** `promise`, or a rejection naming `what` after timeoutMs. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
