// --request-timeout, read as kubectl reads it: a duration with a unit (1s,
// 2m, 3h, 1m30s, 500ms), or a bare number of seconds; 0 means no timeout.
// Source: kubectl's --request-timeout help (k8s.io/cli-runtime genericclioptions).
import { parseDurationMs } from '../schema/duration.js';

export const DEFAULT_REQUEST_TIMEOUT = '30s';

/** Milliseconds, `null` for no timeout (0), or undefined when `text` is not a duration. */
export function parseRequestTimeout(text: string): number | null | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) === 0 ? null : Number(trimmed) * 1000;
  const ms = parseDurationMs(trimmed);
  if (ms === undefined) return undefined;
  return ms === 0 ? null : ms;
}
