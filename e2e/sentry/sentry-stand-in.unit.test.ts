// The stand-in accepts real @sentry/node traffic, groups it like Sentry, and
// answers Songbird's adapter.
import { NodeClient, Scope, defaultStackParser, makeNodeTransport } from '@sentry/node';
import { createSentryAdapter } from '../../controller/adapters/sentry/sentry-adapter.js';
import type { SentryTarget } from '../../controller/adapters/sentry/sentry-port.js';
import { envelope, eventPayload, postEnvelope, seedEvents } from './seed-envelopes.js';
import { startSentryStandIn, type SentryStandIn } from './start-sentry-stand-in.js';

class NewCheckoutError extends Error {
  override name = 'NewCheckoutError';
}
class InventoryError extends Error {
  override name = 'InventoryError';
}

function chargeCard(order: number): never {
  throw new NewCheckoutError(`card declined for order ${order}`);
}
function reserveStock(sku: string): never {
  throw new InventoryError(`no stock for ${sku}`);
}

function sdkClient(dsn: string, release: string, environment: string): { client: NodeClient; scope: Scope } {
  const client = new NodeClient({
    dsn, release, environment, integrations: [], transport: makeNodeTransport, stackParser: defaultStackParser, sendClientReports: false,
  });
  const scope = new Scope();
  scope.setClient(client);
  client.init();
  return { client, scope };
}

function capture(scope: Scope, fn: () => never): void {
  try {
    fn();
  } catch (error) {
    scope.captureException(error);
  }
}

describe('Sentry stand-in', () => {
  let standIn: SentryStandIn;
  let target: SentryTarget;

  beforeEach(async () => {
    standIn = await startSentryStandIn({ port: 0, organization: 'acme', projects: [{ id: '7', slug: 'shop' }] });
    target = { baseUrl: standIn.url, organization: 'acme', projects: [{ id: '7', slug: 'shop' }], token: standIn.token };
  });
  afterEach(async () => {
    await standIn.stop();
  });

  it('groups real SDK events by exception type and top in-app frame, per first release', async () => {
    const primary = sdkClient(standIn.dsnFor('7'), 'shop@1.0.0', 'production');
    capture(primary.scope, () => reserveStock('sku-1'));
    expect(await primary.client.flush(5000)).toBe(true);

    const canary = sdkClient(standIn.dsnFor('7'), 'shop@2.0.0', 'canary');
    for (const order of [1, 2, 3]) capture(canary.scope, () => chargeCard(order));
    for (const sku of ['sku-2', 'sku-3']) capture(canary.scope, () => reserveStock(sku));
    canary.client.sendSession({ aggregates: [{ started: new Date().toISOString(), exited: 96, errored: 1, crashed: 3 }], attrs: { release: 'shop@2.0.0', environment: 'canary' } });
    expect(await canary.client.flush(5000)).toBe(true);
    await Promise.all([primary.client.close(1000), canary.client.close(1000)]);

    expect(standIn.events()).toHaveLength(6);
    const issues = standIn.issues().sort((a, b) => a.title.localeCompare(b.title));
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatchObject({ title: 'InventoryError: no stock for sku-1', count: 3, firstRelease: 'shop@1.0.0', level: 'error', shortId: 'SHOP-1' });
    expect(issues[0]?.culprit).toMatch(/ in reserveStock$/);
    expect(issues[1]).toMatchObject({ title: 'NewCheckoutError: card declined for order 1', count: 3, firstRelease: 'shop@2.0.0', shortId: 'SHOP-2' });
    expect(issues[1]?.culprit).toMatch(/ in chargeCard$/);
    expect(issues[1]?.permalink).toBe(`${standIn.url}/organizations/acme/issues/${issues[1]?.id}/`);
    const event = standIn.events().find((e) => e.exceptionType === 'NewCheckoutError');
    expect(event).toMatchObject({ release: 'shop@2.0.0', environment: 'canary', level: 'error' });
    expect(event?.frames.some((f) => f.function === 'chargeCard' && f.inApp)).toBe(true);

    const sentry = createSentryAdapter();
    const since = new Date(Date.now() - 60 * 60_000);
    const fresh = await sentry.newIssues(target, { release: 'shop@2.0.0', since });
    expect(fresh.ok && fresh.value.issues.map((i) => [i.title, i.count])).toEqual([['NewCheckoutError: card declined for order 1', 3]]);
    const errors = await sentry.errorEvents(target, { release: 'shop@2.0.0', start: since, end: new Date(Date.now() + 60_000) });
    expect(errors).toMatchObject({ ok: true, value: 5 });
    const health = await sentry.crashFreeSessions(target, { release: 'shop@2.0.0', start: since, end: new Date() });
    expect(health).toMatchObject({ ok: true, value: { crashFreeRate: 0.97, sessions: 100 } });
  });

  it('accepts gzip-encoded envelopes, items with a length, and single session updates', async () => {
    const started = new Date().toISOString();
    const body = envelope(
      [
        { type: 'event', payload: eventPayload({ release: 'shop@2.0.0', type: 'TypeError', fn: 'render' }) },
        { type: 'session', payload: { sid: 's1', init: true, started, status: 'ok', errors: 0, attrs: { release: 'shop@2.0.0' } } },
        { type: 'session', payload: { sid: 's1', init: false, started, status: 'crashed', errors: 1, attrs: { release: 'shop@2.0.0' } } },
        { type: 'session', payload: { sid: 's2', init: true, started, status: 'exited', errors: 0, attrs: { release: 'shop@2.0.0' } } },
        { type: 'client_report', payload: { discarded_events: [] } },
      ],
      true,
    );
    expect(await postEnvelope(standIn, '7', body, true)).toBe(200);
    expect(standIn.issues()).toHaveLength(1);
    expect(standIn.sessions().map((s) => [s.total, s.crashed])).toEqual([[1, 1], [1, 0]]);
  });

  it('refuses envelopes with a wrong public key', async () => {
    const response = await fetch(`${standIn.url}/api/7/envelope/?sentry_key=nope`, { method: 'POST', body: new Uint8Array(envelope([])) });
    expect(response.status).toBe(401);
    await response.arrayBuffer();
  });

  it('answers 401 to a request without the bearer token', async () => {
    const response = await fetch(`${standIn.url}/api/0/organizations/acme/issues/`);
    expect(response.status).toBe(401);
    expect(response.headers.get('x-sentry-rate-limit-remaining')).toBe('39');
    await response.arrayBuffer();
  });

  it('filters issues by release, level and status, and pages them with Link headers', async () => {
    await seedEvents(standIn, '7', [
      { release: 'shop@2.0.0', type: 'A', fn: 'a' },
      { release: 'shop@2.0.0', type: 'B', fn: 'b', level: 'warning' },
      { release: 'shop@2.0.0', type: 'C', fn: 'c' },
      { release: 'shop@1.0.0', type: 'D', fn: 'd' },
    ]);
    const get = async (params: string) => {
      const response = await fetch(`${standIn.url}/api/0/organizations/acme/issues/?${params}`, { headers: { Authorization: `Bearer ${standIn.token}` } });
      return { status: response.status, link: response.headers.get('link') ?? '', body: (await response.json()) as Array<{ title: string; count: string }> };
    };
    const byRelease = await get(`query=${encodeURIComponent('release:"shop@2.0.0" is:unresolved level:error')}&sort=new`);
    expect(byRelease.body.map((i) => i.title).sort()).toEqual(['A: boom', 'C: boom']);
    expect(byRelease.body[0]?.count).toBe('1');
    const firstPage = await get('query=&per_page=3');
    expect(firstPage.body).toHaveLength(3);
    const next = /rel="next"; results="true"; cursor="([^"]+)"/.exec(firstPage.link)?.[1];
    expect(next).toBe('0:3:0');
    const secondPage = await get(`query=&per_page=3&cursor=${next}`);
    expect(secondPage.body).toHaveLength(1);
    expect(secondPage.link).toContain('rel="next"; results="false"');
    expect((await get('query=unknownkey:x')).status).toBe(400);
  });
});

