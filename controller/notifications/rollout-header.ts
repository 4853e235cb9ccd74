// The one line every Songbird message starts with. Incoming webhooks cannot
// thread, so this line is what ties the messages of one rollout together in a
// channel: same rollout, same line.
import type { RolloutRef } from '../core/notifications.js';
import { plain } from './mrkdwn-text.js';

/**
 * Pod-template hashes are ~10 characters; anything longer than 12 code points
 * (a digest, a SHA) is shortened to its first 7, like git does. Counted and
 * cut in code points, so a surrogate pair is never split.
 */
export function shortRevision(revision: string): string {
  const codePoints = [...revision];
  return codePoints.length > 12 ? codePoints.slice(0, 7).join('') : revision;
}

/** e.g. ":bird: songbird · shop/podinfo · rev 7f3c2a1" */
export function rolloutHeader(rollout: RolloutRef): string {
  return `:bird: songbird · ${plain(rollout.namespace, 63)}/${plain(rollout.name, 253)} · rev ${plain(shortRevision(rollout.revision), 12)}`;
}
