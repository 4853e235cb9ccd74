// The stand-in refuses what Sentry refuses, in Sentry's shapes (see README.md for the sources).
import { scopesOfToken } from './auth-scopes.js';
import { seedEvents } from './seed-envelopes.js';
import { startSentryStandIn, type SentryStandIn } from './start-sentry-stand-in.js';

type Answer = { status: number; body: unknown; headers: Headers };

async function call(standIn: SentryStandIn, method: string, path: string, body?: unknown, token = standIn.token): Promise<Answer> {
  const response = await fetch(`${standIn.url}/api/0/organizations/acme${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

describe('Sentry stand-in rules', () => {
  let standIn: SentryStandIn;
  beforeEach(async () => {
    standIn = await startSentryStandIn({ projects: [{ id: '7', slug: 'shop' }, { id: '8', slug: 'cart' }] });
    await call(standIn, 'POST', '/releases/', { version: 'shop@2.0.0', projects: ['shop', 'cart'] });
  });
  afterEach(async () => {
    await standIn.stop();
  });

  describe('deploys', () => {
    it('refuses a deploy name over 64 characters with DRF\'s field error and accepts 64', async () => {
      const long = await call(standIn, 'POST', '/releases/shop@2.0.0/deploys/', { environment: 'canary', name: 'n'.repeat(65) });
      expect(long).toMatchObject({ status: 400, body: { name: ['Ensure this field has no more than 64 characters.'] } });
      expect((await call(standIn, 'POST', '/releases/shop@2.0.0/deploys/', { environment: 'canary', name: 'n'.repeat(64) })).status).toBe(201);
    });

    it.each([
      [{}, { environment: ['This field is required.'] }],
      [{ environment: '' }, { environment: ['This field may not be blank.'] }],
      [{ environment: 'e'.repeat(65) }, { environment: ['Ensure this field has no more than 64 characters.'] }],
      [{ environment: 'prod/eu' }, { environment: ['Invalid value for environment'] }],
      [{ environment: 'canary', url: 'not a url' }, { url: ['Enter a valid URL.'] }],
      [{ environment: 'canary', dateFinished: 'yesterday' }, { dateFinished: [expect.stringMatching(/^Datetime has wrong format/)] }],
      [{ environment: 'canary', projects: [] }, { projects: ['This list may not be empty.'] }],
      [[], { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] }],
    ])('refuses the deploy body %j with %j', async (body, errors) => {
      expect(await call(standIn, 'POST', '/releases/shop@2.0.0/deploys/', body)).toMatchObject({ status: 400, body: errors });
    });

    it('lists only the last deploy of each project and environment, newest first', async () => {
      const post = (body: Record<string, unknown>) => call(standIn, 'POST', '/releases/shop@2.0.0/deploys/', body);
      await post({ environment: 'canary', name: 'first', dateFinished: '2026-01-01T00:00:00Z' });
      await post({ environment: 'canary', name: 'second', dateFinished: '2026-01-01T00:01:00Z' });
      await post({ environment: 'production', name: 'third', projects: ['shop'], dateFinished: '2026-01-01T00:02:00Z' });
      const all = await call(standIn, 'GET', '/releases/shop@2.0.0/deploys/');
      expect((all.body as Array<{ name: string }>).map((d) => d.name)).toEqual(['third', 'second']);
      const cart = await call(standIn, 'GET', '/releases/shop@2.0.0/deploys/?project=8');
      expect((cart.body as Array<{ name: string }>).map((d) => d.name)).toEqual(['second']);
      expect(standIn.deploys()).toHaveLength(3);
    });

    it('answers 404 for the deploys of a release that does not exist', async () => {
      expect((await call(standIn, 'POST', '/releases/shop@9/deploys/', { environment: 'canary' })).status).toBe(404);
    });
  });

  describe('releases', () => {
    it.each([
      ['latest', 'Release with name latest is not allowed'],
      ['LATEST', 'Release with name LATEST is not allowed'],
      ['shop/2.0', 'Release with name shop/2.0 is not allowed'],
      ['shop\\2.0', 'Release with name shop\\2.0 is not allowed'],
      ['a\nb', 'Release with name a\nb is not allowed'],
      ['a\tb', 'Release with name a\tb is not allowed'],
      ['.', 'Release with name . is not allowed'],
      ['..', 'Release with name .. is not allowed'],
      ['   ', `Release with name ${'   '} is not allowed`],
      ['', 'This field may not be blank.'],
      ['v'.repeat(201), 'Ensure this field has no more than 200 characters.'],
    ])('refuses the version %j', async (version, message) => {
      expect(await call(standIn, 'POST', '/releases/', { version, projects: ['shop'] })).toMatchObject({ status: 400, body: { version: [message] } });
    });

    it('accepts a version of 200 characters and answers 208 when nothing changed', async () => {
      expect((await call(standIn, 'POST', '/releases/', { version: 'v'.repeat(200), projects: ['shop'] })).status).toBe(201);
      expect((await call(standIn, 'POST', '/releases/', { version: 'v'.repeat(200), projects: ['shop'] })).status).toBe(208);
    });

    it('refuses unknown projects and a missing project list in the serializer\'s shape', async () => {
      expect(await call(standIn, 'POST', '/releases/', { version: 'x', projects: ['nope'] })).toMatchObject({ status: 400, body: { projects: ['Invalid project ids or slugs'] } });
      expect(await call(standIn, 'POST', '/releases/', { version: 'x' })).toMatchObject({ status: 400, body: { projects: ['This field is required.'] } });
    });
  });

  describe('scopes', () => {
    it('lets an organization auth token mark releases and deploys but not read issues, events or sessions', async () => {
      const org = await startSentryStandIn({ token: `sntrys_${'a'.repeat(40)}`, projects: [{ id: '7', slug: 'shop' }] });
      try {
        expect(org.scopes).toEqual(['org:ci']);
        expect((await call(org, 'POST', '/releases/', { version: 'r1', projects: ['shop'] })).status).toBe(201);
        expect((await call(org, 'POST', '/releases/r1/deploys/', { environment: 'canary' })).status).toBe(201);
        expect((await call(org, 'GET', '/releases/r1/deploys/')).status).toBe(200);
        for (const path of ['/issues/', '/events/?field=count()', '/sessions/?field=sum(session)']) {
          expect(await call(org, 'GET', path)).toMatchObject({ status: 403, body: { detail: 'You do not have permission to perform this action.' } });
        }
      } finally {
        await org.stop();
      }
    });

    it('asks org:read, not event:read, of the events endpoint', async () => {
      const reader = await startSentryStandIn({ scopes: ['event:read'], projects: [{ id: '7', slug: 'shop' }] });
      try {
        expect((await call(reader, 'GET', '/issues/')).status).toBe(200);
        expect((await call(reader, 'GET', '/events/?field=count()')).status).toBe(403);
        expect((await call(reader, 'GET', '/sessions/?field=sum(session)')).status).toBe(403);
        expect((await call(reader, 'POST', '/releases/', { version: 'r1', projects: ['shop'] })).status).toBe(403);
      } finally {
        await reader.stop();
      }
    });

    it('refuses to give an organization auth token more than org:ci', () => {
      expect(() => scopesOfToken('sntrys_x', ['org:read'])).toThrow(/carries only org:ci/);
    });
  });

  describe('rate limits', () => {
    it('answers a 429 as Sentry does: a bare JSON string, X-Sentry-Rate-Limit-* with an epoch Reset, and no Retry-After', async () => {
      standIn.faults.set({ status: 429, resetInSeconds: 5, times: 1 });
      const limited = await call(standIn, 'GET', '/issues/');
      expect(limited.status).toBe(429);
      expect(limited.body).toBe('You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds');
      expect(limited.headers.get('retry-after')).toBeNull();
      expect(limited.headers.get('x-sentry-rate-limit-remaining')).toBe('0');
      const reset = Number(limited.headers.get('x-sentry-rate-limit-reset'));
      expect(reset - Date.now() / 1000).toBeGreaterThan(3);
      expect(reset - Date.now() / 1000).toBeLessThanOrEqual(5);
    });

    it('names the concurrency limit when that is what was hit', async () => {
      standIn.faults.set({ status: 429, concurrent: true, times: 1 });
      expect((await call(standIn, 'GET', '/issues/')).body).toBe('You are attempting to go above the allowed concurrency for this endpoint. Concurrency limit is 25');
    });

    it('limits a caller to 40 requests per endpoint in a 1 s window, counting down Remaining', async () => {
      await call(standIn, 'GET', '/sessions/?field=sum(session)'); // another endpoint: its own window
      while (Date.now() % 1000 > 200) await new Promise((r) => setTimeout(r, 10));
      const windowStart = Math.floor(Date.now() / 1000);
      const answers = await Promise.all(Array.from({ length: 41 }, () => call(standIn, 'GET', '/issues/')));
      const remaining = answers.map((a) => Number(a.headers.get('x-sentry-rate-limit-remaining'))).sort((a, b) => b - a);
      expect(remaining[0]).toBe(39);
      const limited = answers.filter((a) => a.status === 429);
      expect(limited).toHaveLength(1);
      expect(limited[0]?.body).toBe('You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds');
      expect(Number(limited[0]?.headers.get('x-sentry-rate-limit-reset'))).toBe(windowStart + 1);
    });
  });

  describe('issues', () => {
    it('answers firstSeen and lastSeen null when told to, as Sentry does without seen stats', async () => {
      await seedEvents(standIn, '7', [{ release: 'shop@2.0.0', type: 'E', fn: 'a' }]);
      standIn.faults.set({ nullSeen: true, times: 1 });
      const answer = await call(standIn, 'GET', '/issues/');
      expect(answer.body).toEqual([expect.objectContaining({ firstSeen: null, lastSeen: null })]);
    });
  });
});
