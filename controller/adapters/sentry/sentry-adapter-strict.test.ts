// The adapter against a stand-in as strict as Sentry: what real Sentry refuses
// shows up as Sentry said it, and what real Sentry returns is read.
import { seedEvents } from '../../../e2e/sentry/seed-envelopes.js';
import { startSentryStandIn, type SentryStandIn } from '../../../e2e/sentry/start-sentry-stand-in.js';
import { deployMarkerName } from '../../core/deploy-marker-name.js';
import { createSentryAdapter } from './sentry-adapter.js';
import type { SentryTarget } from './sentry-port.js';

const since = new Date(Date.now() - 3_600_000);
const until = new Date(Date.now() + 60_000);

describe('Sentry adapter against Sentry\'s rules', () => {
  let standIn: SentryStandIn;
  let target: SentryTarget;
  const start = async (options: { token?: string; scopes?: readonly string[] } = {}) => {
    standIn = await startSentryStandIn({ projects: [{ id: '7', slug: 'shop' }], ...options });
    target = { baseUrl: standIn.url, organization: 'acme', projects: [{ id: '7', slug: 'shop' }], token: standIn.token, tokenSecretRef: 'shop/sentry:token' };
  };
  afterEach(async () => {
    await standIn.stop();
  });

  it('shows Sentry\'s field error when a deploy name is longer than 64 characters', async () => {
    await start();
    const sentry = createSentryAdapter();
    await sentry.ensureRelease(target, 'shop@2.0.0');
    const result = await sentry.recordDeploy(target, 'shop@2.0.0', 'canary', 'songbird shop/podinfo 5d9c8b7f6d@2026-11-26T06:00:00.000Z:deploy-canary');
    expect(result).toMatchObject({ ok: false, error: { code: 'badRequest', status: 400 } });
    expect(!result.ok && result.error.message).toBe('Sentry refused the request to create deploys for organization acme (400): name: Ensure this field has no more than 64 characters.');
  });

  it('shows Sentry\'s field error when the release is named latest', async () => {
    await start();
    const result = await createSentryAdapter().ensureRelease(target, 'latest');
    expect(!result.ok && result.error.message).toMatch(/\(400\): version: Release with name latest is not allowed$/);
  });

  it('records a marker named by deployMarkerName, once, when the action is retried after other markers', async () => {
    await start();
    const sentry = createSentryAdapter();
    await sentry.ensureRelease(target, 'shop@2.0.0');
    const canary = { namespace: 'shop', name: 'podinfo' };
    const canaryMarker = deployMarkerName(canary, '5d9c8b7f6d@2026-11-26T06:00:00.000Z:deploy-canary');
    const productionMarker = deployMarkerName(canary, '5d9c8b7f6d@2026-11-26T06:00:00.000Z:deploy-production');
    expect(await sentry.recordDeploy(target, 'shop@2.0.0', 'canary', canaryMarker)).toMatchObject({ ok: true });
    expect(await sentry.recordDeploy(target, 'shop@2.0.0', 'production', productionMarker)).toMatchObject({ ok: true });
    expect(await sentry.recordDeploy(target, 'shop@2.0.0', 'canary', canaryMarker)).toMatchObject({ ok: true });
    expect(await sentry.recordDeploy(target, 'shop@2.0.0', 'production', productionMarker)).toMatchObject({ ok: true });
    const restarted = deployMarkerName(canary, '5d9c8b7f6d@2026-11-26T07:00:00.000Z:deploy-canary');
    expect(await sentry.recordDeploy(target, 'shop@2.0.0', 'canary', restarted)).toMatchObject({ ok: true });
    expect(standIn.deploys().map((d) => [d.environment, d.name])).toEqual([
      ['canary', canaryMarker],
      ['production', productionMarker],
      ['canary', restarted],
    ]);
  });

  it('names event:read and the org-token limit when an organization auth token reads issues', async () => {
    await start({ token: `sntrys_${'b'.repeat(40)}` });
    const result = await createSentryAdapter().newIssues(target, { release: 'shop@2.0.0', since, until });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden', status: 403 } });
    expect(!result.ok && result.error.message).toMatch(/lacks the scope to read issues \(event:read\): You do not have permission to perform this action\.; the token is an organization auth token/);
  });

  it('names org:read when a token with event:read only counts events', async () => {
    await start({ scopes: ['event:read'] });
    const result = await createSentryAdapter().errorEvents(target, { release: 'shop@2.0.0', start: since, end: until });
    expect(!result.ok && result.error.message).toMatch(/lacks the scope to read events \(org:read\)/);
  });

  it('marks releases and deploys with an organization auth token, which carries org:ci', async () => {
    await start({ token: `sntrys_${'c'.repeat(40)}` });
    const sentry = createSentryAdapter();
    expect(await sentry.ensureRelease(target, 'shop@2.0.0')).toMatchObject({ ok: true });
    expect(await sentry.recordDeploy(target, 'shop@2.0.0', 'canary', 'songbird shop/podinfo 0123456789ab')).toMatchObject({ ok: true });
  });

  it('reads issues whose firstSeen and lastSeen are null', async () => {
    await start();
    await seedEvents(standIn, '7', [{ release: 'shop@2.0.0', type: 'NewError', fn: 'a' }]);
    standIn.faults.set({ nullSeen: true });
    const result = await createSentryAdapter().newIssues(target, { release: 'shop@2.0.0', since, until });
    expect(result).toMatchObject({ ok: true, value: { issues: [{ title: 'NewError: boom', firstSeen: null, lastSeen: null }] } });
  });

  it('reads a 429 with no Retry-After: Sentry\'s words in the message and the wait from X-Sentry-Rate-Limit-Reset', async () => {
    await start();
    standIn.faults.set({ status: 429, resetInSeconds: 20 });
    const result = await createSentryAdapter().errorEvents(target, { release: 'r', start: since, end: until });
    expect(result).toMatchObject({ ok: false, error: { code: 'rateLimited' }, rateLimit: { remaining: 0 } });
    expect(!result.ok && result.error.message).toMatch(
      /^Sentry rate-limited the request to read events for organization acme \(429\): You are attempting to use this endpoint too frequently\. Limit is 40 requests in 1 seconds; retry after (19|20)s$/,
    );
  });
});
