// A KubeConfig whose every apiserver request can be stopped: client-node
// calls applySecurityAuthentication on each request of a client made from the
// KubeConfig (makeApiClient, and json-request.ts through shared-connections),
// so setting the request's AbortSignal there covers the Canary client and the
// target Deployment reader alike. The signal fires on Ctrl-C/SIGTERM (the
// CLI's signal) or after the request timeout (--request-timeout, as kubectl's).
// Watches (client-node's Watch) do not pass through here and are unaffected.
import { KubeConfig, type RequestContext } from '@kubernetes/client-node';

export interface RequestBounds {
  /** Stops every request in flight when it fires (SIGINT/SIGTERM). */
  readonly signal: AbortSignal;
  /** Milliseconds one request may take; undefined: no limit (--request-timeout 0). */
  readonly timeoutMs?: number;
}

export class BoundedKubeConfig extends KubeConfig {
  constructor(readonly bounds: RequestBounds) {
    super();
  }

  /** client-node's authentication, then the abort signal: the CLI's signal, or it and a timeout. */
  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const { signal, timeoutMs } = this.bounds;
    context.setSignal(timeoutMs === undefined ? signal : AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]));
  }
}

/** True when `error` is the rejection of a request stopped by its AbortSignal (node-fetch's AbortError, or the signal's reason). */
export function isAborted(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'AbortError' || name === 'TimeoutError';
}

/** `30s`, `1m30s`, `250ms`: a timeout as the reader gave it. */
export function durationText(ms: number): string {
  if (ms < 1000 || ms % 1000 !== 0) return `${ms}ms`;
  const s = ms / 1000;
  const parts = [[Math.floor(s / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']] as const;
  return parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join('');
}
