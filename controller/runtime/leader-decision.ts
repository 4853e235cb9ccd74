// What a candidate does with the leader-election Lease it just read: create
// it, renew it, acquire it, or wait. Pure: the caller passes the clocks.
//
// The rules are client-go's (k8s.io/client-go tools/leaderelection
// leaderelection.go, tryAcquireOrRenew and isLeaseValid): a Lease held by
// someone else expires `leaseDurationSeconds` after the LOCAL time at which
// this candidate last SAW the record change. The renewTime written in the
// Lease comes from the holder's clock and is never compared with ours, so
// clock skew between hosts cannot cause an early takeover (only a difference
// in clock RATE matters, absorbed by leaseDuration - renewDeadline). An empty
// holderIdentity is a released Lease (ReleaseOnCancel) that anyone may take.
import type { LeaseClaim } from '../adapters/kubernetes/lease-lock.js';

/** The part of a read Lease the decision looks at (lease-lock.ts's LeaseRecord fits). */
export interface ObservedLease {
  readonly holderIdentity?: string;
  readonly leaseDurationSeconds?: number;
  readonly acquireTime?: string;
  readonly leaseTransitions?: number;
}

export type LeaseDecision =
  | { readonly kind: 'create' }
  | { readonly kind: 'renew' }
  | { readonly kind: 'acquire' }
  | { readonly kind: 'wait'; readonly holder: string; readonly retryInMs: number };

export interface LeaseDecisionOptions {
  /** Used when the Lease names no leaseDurationSeconds; milliseconds. */
  readonly leaseDurationMs: number;
  /** The longest wait between two reads; milliseconds. */
  readonly retryPeriodMs: number;
}

/**
 * Decides from `observed` (undefined: the Lease does not exist), this
 * candidate's identity `me`, `observedAtMs` (local epoch ms when the record
 * was last seen to change) and `nowMs` (local epoch ms):
 * - absent -> create; held by `me` -> renew; empty holder -> acquire;
 * - held by another and not seen to change for the Lease's own
 *   leaseDurationSeconds (else `leaseDurationMs`) -> acquire;
 * - otherwise wait, `retryInMs` = the time left until that expiry, at most
 *   `retryPeriodMs` (at least 1), so an expired Lease is taken as soon as it
 *   expires rather than up to a retry period later.
 */
export function decideLease(observed: ObservedLease | undefined, me: string, observedAtMs: number, nowMs: number, options: LeaseDecisionOptions): LeaseDecision {
  if (observed === undefined) return { kind: 'create' };
  const holder = observed.holderIdentity ?? '';
  if (holder === me) return { kind: 'renew' };
  if (holder === '') return { kind: 'acquire' };
  const expiresAtMs = observedAtMs + leaseDurationMsOf(observed, options);
  if (nowMs >= expiresAtMs) return { kind: 'acquire' };
  return { kind: 'wait', holder, retryInMs: Math.max(1, Math.min(options.retryPeriodMs, expiresAtMs - nowMs)) };
}

/** The Lease's own duration in ms (a positive leaseDurationSeconds), else the candidate's. */
export function leaseDurationMsOf(observed: ObservedLease, options: Pick<LeaseDecisionOptions, 'leaseDurationMs'>): number {
  const seconds = observed.leaseDurationSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : options.leaseDurationMs;
}

/**
 * What to write for a create, renew or acquire by `me` at `nowMs` (as
 * client-go's tryAcquireOrRenew fills its record): a renew keeps the
 * acquireTime and leaseTransitions it read; an acquire counts one more
 * transition; a create starts at 0. leaseDurationSeconds is `leaseDurationMs`
 * rounded up to whole seconds (the field is an integer > 0).
 */
export function claimFor(kind: 'create' | 'renew' | 'acquire', observed: ObservedLease | undefined, me: string, nowMs: number, leaseDurationMs: number): LeaseClaim {
  const leaseDurationSeconds = Math.max(1, Math.ceil(leaseDurationMs / 1000));
  const transitions = observed?.leaseTransitions ?? 0;
  const acquiredMs = observed?.acquireTime === undefined ? NaN : Date.parse(observed.acquireTime);
  return {
    holderIdentity: me,
    leaseDurationSeconds,
    renewTimeMs: nowMs,
    acquireTimeMs: kind === 'renew' && Number.isFinite(acquiredMs) ? acquiredMs : nowMs,
    leaseTransitions: kind === 'create' ? 0 : kind === 'renew' ? transitions : transitions + 1,
  };
}

/**
 * The release client-go's ReleaseOnCancel writes: no holder, a 1 second
 * duration, the transitions kept, both times `nowMs`.
 */
export function releaseClaim(observed: ObservedLease | undefined, nowMs: number): LeaseClaim {
  return { holderIdentity: '', leaseDurationSeconds: 1, acquireTimeMs: nowMs, renewTimeMs: nowMs, leaseTransitions: observed?.leaseTransitions ?? 0 };
}
