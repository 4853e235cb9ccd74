import { parseRolloutNotification } from './rollout-notification.js';

const rollout = { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'v2' };

describe('parseRolloutNotification', () => {
  it('reads back every kind of notification the core writes', () => {
    const kinds = [
      { kind: 'rolloutStarted', rollout, fromRevision: 'v1', stages: ['internal', 'weight-50'] },
      { kind: 'stageAdvanced', rollout, stage: 'weight-50', canaryWeight: 50, internalToCanary: true, checks: [] },
      { kind: 'promoted', rollout, durationMs: 60_000, canaryRequests: 300 },
      { kind: 'rolledBack', rollout, reason: 'success rate 80 %', stage: 'weight-50' },
      { kind: 'halted', state: 'waiting', rollout, reason: 'route conflict', unblock: 'remove it' },
    ];
    for (const n of kinds) expect(parseRolloutNotification(JSON.stringify(n))).toEqual({ ok: true, notification: n });
  });

  it.each([
    ['{not json', /^not JSON/],
    [JSON.stringify({ kind: 'pwned', rollout }), /^notification\.kind: /],
    [JSON.stringify({ kind: 'promoted', rollout }), /^notification\.durationMs: /],
    [JSON.stringify({ kind: 'promoted', rollout: { ...rollout, revision: 7 }, durationMs: 1, canaryRequests: 1 }), /^notification\.rollout\.revision: /],
    [JSON.stringify(null), /^notification: /],
  ])('refuses what Songbird never writes, naming the field (%s)', (json, message) => {
    const parsed = parseRolloutNotification(json);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });
});
