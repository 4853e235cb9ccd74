import { describe, expect, it } from '@jest/globals';
import type { PrometheusClient, ScalarResult, VectorResult } from '../adapters/prometheus/prometheus-client.js';
import type { SentryPort, SentryTarget } from '../adapters/sentry/sentry-port.js';
import { limitPort } from './system-limits.js';

/** Lets the event loop run the limiter's hand-overs (p-limit starts the next call on a microtask). */
const settle = () => new Promise((r) => setImmediate(r));

/** Calls that stay open until released, so the test sees how many run at once. */
function gatedCalls() {
  const open: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const calls: string[] = [];
  async function call<T>(name: string, answer: T): Promise<T> {
    calls.push(name);
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((r) => open.push(r));
    inFlight -= 1;
    return answer;
  }
  return { call, calls, open, get maxInFlight() { return maxInFlight; } };
}

describe('limitPort over a Prometheus client', () => {
  it('runs at most n queries at once, in arrival order, and answers each its own result', async () => {
    const gate = gatedCalls();
    const client: PrometheusClient = {
      scalar: (query) => gate.call<ScalarResult>(query, { ok: true, value: Number(query.slice(1)) }),
      vector: (query) => gate.call<VectorResult>(query, { ok: true, value: [{ labels: { q: query }, value: 1 }] }),
    };
    const limited = limitPort(client, 3);
    const answers = Promise.all([...Array(10).keys()].map((i) => (i === 9 ? limited.vector(`q${i}`) : limited.scalar(`q${i}`))));
    await settle();
    expect(gate.calls).toEqual(['q0', 'q1', 'q2']);
    expect({ waiting: limited.limit.waiting(), inFlight: limited.limit.inFlight() }).toEqual({ waiting: 7, inFlight: 3 });
    while (gate.calls.length < 10 || gate.open.length > 0) {
      gate.open.shift()?.();
      await settle();
    }
    expect(gate.maxInFlight).toBe(3);
    expect(gate.calls).toEqual([...Array(10).keys()].map((i) => `q${i}`));
    expect(await answers).toEqual([
      ...[...Array(9).keys()].map((i) => ({ ok: true, value: i })),
      { ok: true, value: [{ labels: { q: 'q9' }, value: 1 }] },
    ]);
    expect({ waiting: limited.limit.waiting(), inFlight: limited.limit.inFlight() }).toEqual({ waiting: 0, inFlight: 0 });
  });

  it('passes the evaluation time through and frees the slot of a call that rejects', async () => {
    const seen: Array<Date | undefined> = [];
    const client: PrometheusClient = {
      scalar: async (query, at) => {
        seen.push(at);
        if (query === 'bug') throw new Error('bug');
        return { ok: true, value: 1 };
      },
      vector: async () => ({ ok: true, value: [] }),
    };
    const limited = limitPort(client, 1);
    const at = new Date('2030-01-01T00:00:00Z');
    await expect(limited.scalar('bug', at)).rejects.toThrow('bug');
    await expect(limited.scalar('up', at)).resolves.toEqual({ ok: true, value: 1 });
    expect(seen).toEqual([at, at]);
    expect(limited.limit.concurrency).toBe(1);
  });

  it('refuses a limit below 1 when wrapping (a configuration bug)', () => {
    const client: PrometheusClient = { scalar: async () => ({ ok: true, value: 1 }), vector: async () => ({ ok: true, value: [] }) };
    expect(() => limitPort(client, 0)).toThrow(TypeError);
  });
});

describe('limitPort over a Sentry port', () => {
  const target: SentryTarget = { baseUrl: 'https://sentry.example.com', organization: 'acme', projects: [{ id: '1', slug: 'shop' }], token: 't' };
  const window = { release: 'v2', start: new Date(0), end: new Date(60_000) };

  it('shares one limit of n among all five methods and passes their arguments through', async () => {
    const gate = gatedCalls();
    const port: SentryPort = {
      newIssues: (_t, q) => gate.call(`newIssues ${q.release}`, { ok: true, value: { issues: [], truncated: false } }),
      errorEvents: (_t, q) => gate.call(`errorEvents ${q.release}`, { ok: true, value: 3 }),
      transactionDurations: (_t, q) => gate.call(`transactionDurations ${q.release}`, { ok: true, value: { transactions: 0, percentileMs: null } }),
      crashFreeSessions: (_t, q) => gate.call(`crashFreeSessions ${q.release}`, { ok: true, value: { crashFreeRate: 1, sessions: 5, windowStart: 'a', windowEnd: 'b' } }),
      ensureRelease: (_t, release) => gate.call(`ensureRelease ${release}`, { ok: true, value: { created: true } }),
      recordDeploy: (t, release, environment, name) => gate.call(`recordDeploy ${t.organization} ${release} ${environment} ${name}`, { ok: true, value: undefined }),
    };
    const limited = limitPort(port, 2);
    const answers = Promise.all([
      limited.newIssues(target, { release: 'v2', since: new Date(0) }),
      limited.errorEvents(target, window),
      limited.crashFreeSessions(target, window),
      limited.ensureRelease(target, 'v2'),
      limited.recordDeploy(target, 'v2', 'prod', 'canary'),
    ]);
    await settle();
    expect(gate.calls).toEqual(['newIssues v2', 'errorEvents v2']);
    expect(limited.limit.waiting()).toBe(3);
    while (gate.calls.length < 5 || gate.open.length > 0) {
      gate.open.shift()?.();
      await settle();
    }
    expect(gate.maxInFlight).toBe(2);
    expect(gate.calls.slice(2)).toEqual(['crashFreeSessions v2', 'ensureRelease v2', 'recordDeploy acme v2 prod canary']);
    expect((await answers).map((a) => a.ok && a.value)).toEqual([{ issues: [], truncated: false }, 3, { crashFreeRate: 1, sessions: 5, windowStart: 'a', windowEnd: 'b' }, { created: true }, undefined]);
  });

});
