// The adapter against the Sentry stand-in on loopback: what it reads and writes.
import { seedAggregates, seedEvents } from '../../../e2e/sentry/seed-envelopes.js';
import { startSentryStandIn, type SentryStandIn } from '../../../e2e/sentry/start-sentry-stand-in.js';
import { createSentryAdapter } from './sentry-adapter.js';
import type { SentryTarget } from './sentry-port.js';

const HOUR = 3_600_000;

describe('Sentry adapter', () => {
  let standIn: SentryStandIn;
  let target: SentryTarget;
  const now = new Date();
  const since = new Date(now.getTime() - HOUR);
  const later = new Date(now.getTime() + 60_000);

  beforeEach(async () => {
    standIn = await startSentryStandIn({ port: 0, organization: 'acme', projects: [{ id: '7', slug: 'shop' }], pageSize: 2 });
    target = { baseUrl: standIn.url, organization: 'acme', projects: [{ id: '7', slug: 'shop' }], environment: 'canary', token: standIn.token };
  });
  afterEach(async () => {
    await standIn.stop();
  });

  describe('newIssues', () => {
    beforeEach(async () => {
      await seedEvents(standIn, '7', [
        { release: 'shop@1.0.0', environment: 'canary', type: 'OldError', fn: 'legacy' },
        ...['a', 'b', 'c', 'd', 'e'].map((fn) => ({ release: 'shop@2.0.0', environment: 'canary', type: 'NewError', fn })),
        { release: 'shop@2.0.0', environment: 'canary', type: 'NewError', fn: 'a' },
        { release: 'shop@2.0.0', environment: 'canary', type: 'OldError', fn: 'legacy' },
        { release: 'shop@2.0.0', environment: 'canary', level: 'fatal', type: 'Crash', fn: 'boot' },
        { release: 'shop@2.0.0', environment: 'production', type: 'ElsewhereError', fn: 'x' },
      ]);
    });

    it('returns every issue first seen in the release when the answer spans several pages', async () => {
      const result = await createSentryAdapter().newIssues(target, { release: 'shop@2.0.0', since, until: later });
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.truncated).toBe(false);
      expect(result.value.issues).toHaveLength(6);
      expect(result.value.issues.map((i) => i.culprit).sort()).toEqual(
        ['a', 'b', 'boot', 'c', 'd', 'e'].map((fn) => `app.checkout in ${fn}`).sort(),
      );
      const a = result.value.issues.find((i) => i.culprit.endsWith(' in a'));
      expect(a).toMatchObject({ title: 'NewError: boom', count: 2, level: 'error', projectSlug: 'shop' });
      expect(a?.permalink).toBe(`${standIn.url}/organizations/acme/issues/${a?.id}/`);
      // The last page's X-Sentry-Rate-Limit-* headers, which count at least that page in
      // its 1 s window (the pages may straddle two windows, so no tighter bound holds).
      expect(result.rateLimit).toMatchObject({ limit: 40, remaining: expect.any(Number) });
      expect(result.rateLimit?.remaining).toBeLessThanOrEqual(39);
    });

    it('stops at the page bound and says the list is truncated', async () => {
      const result = await createSentryAdapter({ maxIssuePages: 2 }).newIssues(target, { release: 'shop@2.0.0', since, until: later });
      expect(result).toMatchObject({ ok: true, value: { truncated: true } });
      expect(result.ok && result.value.issues).toHaveLength(4);
    });

    it('keeps only the asked levels', async () => {
      const result = await createSentryAdapter().newIssues(target, { release: 'shop@2.0.0', levels: ['fatal'], since, until: later });
      expect(result.ok && result.value.issues.map((i) => i.title)).toEqual(['Crash: boom']);
    });

    it('finds nothing for a release that introduced no issue', async () => {
      const result = await createSentryAdapter().newIssues(target, { release: 'shop@3.0.0', since, until: later });
      expect(result).toEqual(expect.objectContaining({ ok: true, value: { issues: [], truncated: false } }));
    });
  });

  describe('errorEvents', () => {
    it('counts the error events of the release inside the window only', async () => {
      await seedEvents(standIn, '7', [
        { release: 'shop@2.0.0', environment: 'canary', type: 'E', fn: 'a' },
        { release: 'shop@2.0.0', environment: 'canary', type: 'E', fn: 'a' },
        { release: 'shop@2.0.0', environment: 'canary', type: 'E', fn: 'b', timestamp: new Date(now.getTime() - 2 * HOUR) },
        { release: 'shop@2.0.0', environment: 'canary', value: 'a message, not an error' },
        { release: 'shop@1.0.0', environment: 'canary', type: 'E', fn: 'a' },
        { release: 'shop@2.0.0', environment: 'production', type: 'E', fn: 'a' },
      ]);
      const result = await createSentryAdapter().errorEvents(target, { release: 'shop@2.0.0', start: since, end: later });
      expect(result).toMatchObject({ ok: true, value: 2 });
    });
  });

  describe('crashFreeSessions', () => {
    it('reports the crash-free rate and session count of the release, over whole hours', async () => {
      await seedAggregates(standIn, '7', { release: 'shop@2.0.0', environment: 'canary', exited: 45, errored: 3, crashed: 2 });
      await seedAggregates(standIn, '7', { release: 'shop@1.0.0', environment: 'canary', exited: 10, crashed: 10 });
      const start = new Date(now.getTime() - 10 * 60_000);
      const result = await createSentryAdapter().crashFreeSessions(target, { release: 'shop@2.0.0', start, end: later });
      expect(result).toMatchObject({ ok: true, value: { crashFreeRate: 0.96, sessions: 50 } });
      if (!result.ok) return;
      expect(Date.parse(result.value.windowStart) % HOUR).toBe(0);
      expect(Date.parse(result.value.windowStart)).toBeLessThanOrEqual(start.getTime());
      expect(Date.parse(result.value.windowEnd)).toBeGreaterThanOrEqual(later.getTime());
    });

    it('gives a null rate when the release had no sessions', async () => {
      const result = await createSentryAdapter().crashFreeSessions(target, { release: 'shop@2.0.0', start: since, end: later });
      expect(result).toMatchObject({ ok: true, value: { crashFreeRate: null, sessions: 0 } });
    });
  });

  describe('ensureRelease', () => {
    it('creates a missing release once and reports an existing one as not created', async () => {
      const sentry = createSentryAdapter();
      expect(await sentry.ensureRelease(target, 'shop@2.0.0')).toMatchObject({ ok: true, value: { created: true } });
      expect(await sentry.ensureRelease(target, 'shop@2.0.0')).toMatchObject({ ok: true, value: { created: false } });
      expect(standIn.releases()).toEqual([expect.objectContaining({ version: 'shop@2.0.0', projects: ['shop'] })]);
    });
  });

  describe('recordDeploy', () => {
    it('records a named deploy once however often it is asked', async () => {
      const sentry = createSentryAdapter();
      await sentry.ensureRelease(target, 'shop@2.0.0');
      expect(await sentry.recordDeploy(target, 'shop@2.0.0', 'canary', 'songbird-shop-3')).toMatchObject({ ok: true });
      expect(await sentry.recordDeploy(target, 'shop@2.0.0', 'canary', 'songbird-shop-3')).toMatchObject({ ok: true });
      expect(await sentry.recordDeploy(target, 'shop@2.0.0', 'production')).toMatchObject({ ok: true });
      expect(standIn.deploys().map((d) => [d.version, d.environment, d.name])).toEqual([
        ['shop@2.0.0', 'canary', 'songbird-shop-3'],
        ['shop@2.0.0', 'production', null],
      ]);
    });

    it('answers notFound when the release does not exist', async () => {
      const result = await createSentryAdapter().recordDeploy(target, 'shop@9.9.9', 'canary');
      expect(result).toMatchObject({ ok: false, error: { code: 'notFound', retryable: false } });
    });
  });
});
