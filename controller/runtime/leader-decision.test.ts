import { claimFor, decideLease, releaseClaim, type LeaseDecision, type ObservedLease } from './leader-decision.js';

const options = { leaseDurationMs: 10_000, retryPeriodMs: 2_000 };
const T = 1_000_000; // local clock, ms

describe('decideLease', () => {
  it.each<[string, ObservedLease | undefined, number, number, LeaseDecision]>([
    ['create when the Lease is absent', undefined, T, T, { kind: 'create' }],
    ['renew when it holds the Lease', { holderIdentity: 'me', leaseDurationSeconds: 10 }, T, T + 1, { kind: 'renew' }],
    ['renew when it holds the Lease even if not seen to change for longer than the lease', { holderIdentity: 'me', leaseDurationSeconds: 10 }, T, T + 60_000, { kind: 'renew' }],
    ['acquire when the Lease was released (empty holder)', { holderIdentity: '', leaseDurationSeconds: 1 }, T, T, { kind: 'acquire' }],
    ['acquire when the Lease names no holder', { leaseDurationSeconds: 10 }, T, T, { kind: 'acquire' }],
    ['wait when another holds it and it changed just now', { holderIdentity: 'other', leaseDurationSeconds: 10 }, T, T, { kind: 'wait', holder: 'other', retryInMs: 2_000 }],
    ['wait, only until expiry, when it expires within a retry period', { holderIdentity: 'other', leaseDurationSeconds: 10 }, T, T + 9_500, { kind: 'wait', holder: 'other', retryInMs: 500 }],
    ['acquire when another held it but it has not changed for its leaseDurationSeconds', { holderIdentity: 'other', leaseDurationSeconds: 10 }, T, T + 10_000, { kind: 'acquire' }],
    ['wait by the Lease own duration when it is longer than ours', { holderIdentity: 'other', leaseDurationSeconds: 30 }, T, T + 20_000, { kind: 'wait', holder: 'other', retryInMs: 2_000 }],
    ['acquire by our duration when the Lease names none', { holderIdentity: 'other' }, T, T + 10_000, { kind: 'acquire' }],
    ['wait longer, never shorter, when the local clock stepped back since it was seen', { holderIdentity: 'other', leaseDurationSeconds: 10 }, T, T - 5_000, { kind: 'wait', holder: 'other', retryInMs: 2_000 }],
  ])('%s', (_name, observed, observedAtMs, nowMs, expected) => {
    expect(decideLease(observed, 'me', observedAtMs, nowMs, options)).toEqual(expected);
  });

  it('waits when the holder\'s renewTime is far in the past by its clock (skew) but the record changed just now by ours', () => {
    const skewedSlow = { holderIdentity: 'other', leaseDurationSeconds: 10, renewTime: '2020-01-01T00:00:00.000000Z' };
    expect(decideLease(skewedSlow, 'me', T, T + 1, options).kind).toBe('wait');
  });

  it('acquires when the holder\'s renewTime is in the future by its clock (skew) but the record has not changed for a lease by ours', () => {
    const skewedFast = { holderIdentity: 'other', leaseDurationSeconds: 10, renewTime: '2099-01-01T00:00:00.000000Z' };
    expect(decideLease(skewedFast, 'me', T, T + 10_000, options).kind).toBe('acquire');
  });
});

describe('claimFor', () => {
  const held = { holderIdentity: 'me', leaseDurationSeconds: 10, acquireTime: '2026-11-29T10:00:00.123000Z', leaseTransitions: 4 };

  it('keeps acquireTime and leaseTransitions when renewing', () => {
    expect(claimFor('renew', held, 'me', T, 10_000)).toEqual({
      holderIdentity: 'me', leaseDurationSeconds: 10, renewTimeMs: T, acquireTimeMs: Date.parse('2026-11-29T10:00:00.123Z'), leaseTransitions: 4,
    });
  });

  it('counts one more transition and a new acquireTime when acquiring', () => {
    expect(claimFor('acquire', { ...held, holderIdentity: 'other' }, 'me', T, 10_000)).toEqual({
      holderIdentity: 'me', leaseDurationSeconds: 10, renewTimeMs: T, acquireTimeMs: T, leaseTransitions: 5,
    });
  });

  it('starts at 0 transitions when creating', () => {
    expect(claimFor('create', undefined, 'me', T, 10_000).leaseTransitions).toBe(0);
  });

  it('rounds a sub-second lease up to 1 second, the least the apiserver accepts', () => {
    expect(claimFor('create', undefined, 'me', T, 300).leaseDurationSeconds).toBe(1);
    expect(claimFor('create', undefined, 'me', T, 1_500).leaseDurationSeconds).toBe(2);
  });
});

describe('releaseClaim', () => {
  it('clears the holder, sets 1 second and keeps the transitions when releasing (client-go ReleaseOnCancel)', () => {
    expect(releaseClaim({ holderIdentity: 'me', leaseTransitions: 3 }, T)).toEqual({ holderIdentity: '', leaseDurationSeconds: 1, acquireTimeMs: T, renewTimeMs: T, leaseTransitions: 3 });
  });
});
