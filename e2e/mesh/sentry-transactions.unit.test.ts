// The mesh's versions send each request as an http.server transaction with the real
// @sentry/node SDK, to the Sentry stand-in, only when their env sets a traces sample rate.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { startSentryStandIn, type SentryStandIn } from '../sentry/start-sentry-stand-in.js';
import { createSentryReporters, type SentryReporters } from './sentry-reporters.js';
import { versionBehaviour } from './version-behaviour.js';

describe('Sentry transactions from the mesh', () => {
  let standIn: SentryStandIn;
  let reporters: SentryReporters;
  const context = { workload: 'podinfo', service: 'podinfo-canary', user: 'customer' as const };

  beforeEach(async () => {
    standIn = await startSentryStandIn({ port: 0, organization: 'acme', projects: [{ id: '7', slug: 'shop' }] });
    reporters = createSentryReporters();
  });
  afterEach(async () => {
    await reporters.close(2_000);
    await standIn.stop();
  });

  it('sends one transaction per request with its duration, release and environment when SENTRY_TRACES_SAMPLE_RATE is 1', async () => {
    const traced = versionBehaviour({ SENTRY_DSN: standIn.dsnFor('7'), SENTRY_RELEASE: 'podinfo@2', SENTRY_ENVIRONMENT: 'prod', SENTRY_TRACES_SAMPLE_RATE: '1' }, undefined).sentry!;
    const startMs = Date.now() - 1_000;
    reporters.reportTransaction(traced, context, { name: 'GET /', startMs, durationMs: 240, status: 200 });
    reporters.reportTransaction(traced, context, { name: 'GET /', startMs, durationMs: 35, status: 500 });
    expect(await reporters.flush(5_000)).toBe(true);
    // Two envelopes in flight at once may land in either order.
    const stored = [...standIn.transactions()].sort((a, b) => b.durationMs - a.durationMs).map((t) => ({ name: t.name, op: t.op, release: t.release, environment: t.environment, durationMs: t.durationMs }));
    expect(stored).toEqual([
      { name: 'GET /', op: 'http.server', release: 'podinfo@2', environment: 'prod', durationMs: 240 },
      { name: 'GET /', op: 'http.server', release: 'podinfo@2', environment: 'prod', durationMs: 35 },
    ]);
  });

  it('sends none for a version without a traces sample rate, or with 0', async () => {
    for (const env of [{}, { SENTRY_TRACES_SAMPLE_RATE: '0' }] as Array<Record<string, string>>) {
      const config = versionBehaviour({ SENTRY_DSN: standIn.dsnFor('7'), SENTRY_RELEASE: 'podinfo@1', ...env }, undefined).sentry!;
      reporters.reportTransaction(config, context, { name: 'GET /', startMs: Date.now() - 100, durationMs: 50, status: 200 });
    }
    expect(await reporters.flush(5_000)).toBe(true);
    expect(standIn.transactions()).toEqual([]);
  });

  it('reads an unreadable SENTRY_TRACES_SAMPLE_RATE as 0 and says so', () => {
    const behaviour = versionBehaviour({ SENTRY_DSN: 'http://k@127.0.0.1:1/7', SENTRY_TRACES_SAMPLE_RATE: 'all' }, undefined);
    expect(behaviour.sentry?.tracesSampleRate).toBe(0);
    expect(behaviour.issues).toEqual(['SENTRY_TRACES_SAMPLE_RATE="all" is not a number in [0, 1]; using 0']);
  });
});
