// The name Songbird gives a Sentry deploy marker. Pure: no I/O.
import { createHash } from 'node:crypto';

/** Sentry's limit on a deploy's name: DeploySerializer.name max_length=64 (src/sentry/releases/endpoints/release_deploys.py). */
export const DEPLOY_NAME_MAX_LENGTH = 64;

const PREFIX = 'songbird ';
const KEY_LENGTH = 12;

/**
 * `songbird <namespace>/<name> <key>`, at most 64 characters: `key` is the
 * first 12 hex digits of SHA-256 over the Canary and the marker's action id
 * (`<rolloutId>:deploy-<stage>`, see rollout-id.ts), so every marker has its own
 * name and a retried action has the same one. The readable `namespace/name`
 * part is clipped with "…" when long; the key never is.
 */
export function deployMarkerName(canary: { namespace: string; name: string }, markerId: string): string {
  const key = createHash('sha256').update(`${canary.namespace}/${canary.name}\n${markerId}`).digest('hex').slice(0, KEY_LENGTH);
  const room = DEPLOY_NAME_MAX_LENGTH - PREFIX.length - 1 - KEY_LENGTH;
  const label = [...`${canary.namespace}/${canary.name}`];
  const shown = label.length <= room ? label.join('') : `${label.slice(0, room - 1).join('')}…`;
  return `${PREFIX}${shown} ${key}`;
}
