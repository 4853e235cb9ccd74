// Text that came from a server (an error body, an exception message) made safe to quote in a
// message, an Event, a status or a log: the caller's secrets and any HTTP credential removed.
// Shared by the adapters that quote what a server said (Sentry, Wavefront, Jira).
import { clipCodePoints } from '../core/clip-code-points.js';

// An Authorization credential as RFC 9110 §11 writes it: a scheme, blanks, then a token68 (or,
// loosely, anything up to the next blank or quote). Servers echo headers back in error bodies.
const CREDENTIAL = /\b(Bearer|Basic)(\s+)[^\s"'<>,;]+/gi;

/**
 * `text` with every occurrence of each non-empty secret replaced by `[redacted]`, and every
 * `Bearer <credential>` / `Basic <credential>` turned into `Bearer [redacted]` / `Basic [redacted]`.
 * Longer secrets are replaced first, so a secret holding another is removed whole.
 */
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  const present = secrets.filter((s): s is string => s !== undefined && s.length > 0).sort((a, b) => b.length - a.length);
  const withoutSecrets = present.reduce((t, secret) => t.split(secret).join('[redacted]'), text);
  return withoutSecrets.replace(CREDENTIAL, (_m, scheme: string, gap: string) => `${scheme}${gap}[redacted]`);
}

/**
 * A server's words fit to quote: redacted first (so a secret cut in two by the clip cannot leak
 * its head), then clipped to `max` code points (default 300) with an ellipsis.
 */
export function quotedFromServer(text: string, secrets: ReadonlyArray<string | undefined>, max = 300): string {
  return clipCodePoints(redactSecrets(text, secrets), max, '…');
}
