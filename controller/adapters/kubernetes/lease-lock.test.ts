import { startFakeLeasesApiServer, type FakeLeasesApiServer } from './fake-leases-apiserver.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { createLeaseLock, type LeaseClaim, type LeaseLock } from './lease-lock.js';

const claim = (holderIdentity: string, overrides: Partial<LeaseClaim> = {}): LeaseClaim => ({
  holderIdentity,
  leaseDurationSeconds: 10,
  acquireTimeMs: Date.parse('2026-11-29T10:00:00.123Z'),
  renewTimeMs: Date.parse('2026-11-29T10:00:05.456Z'),
  leaseTransitions: 0,
  ...overrides,
});

describe('lease-lock', () => {
  let fake: FakeLeasesApiServer;
  let clients: KubernetesClients;
  let close: () => Promise<void>;
  let lock: LeaseLock;
  beforeEach(async () => {
    ({ fake, clients, close } = await startFakeLeasesApiServer());
    lock = createLeaseLock(clients, 'songbird-system', 'songbird-controller');
  });
  afterEach(() => close());

  it('reads undefined when the Lease does not exist', async () => {
    expect(await lock.read()).toEqual({ ok: true, value: undefined });
  });

  it('creates the Lease with MicroTime times the apiserver parses, and reads it back', async () => {
    const created = await lock.create(claim('pod-a'));
    expect(created.ok).toBe(true);
    const stored = fake.leases.get('songbird-system/songbird-controller')!;
    expect(stored.spec).toEqual({
      holderIdentity: 'pod-a',
      leaseDurationSeconds: 10,
      acquireTime: '2026-11-29T10:00:00.123000Z',
      renewTime: '2026-11-29T10:00:05.456000Z',
      leaseTransitions: 0,
    });
    const read = await lock.read();
    expect(read).toEqual({
      ok: true,
      value: {
        holderIdentity: 'pod-a',
        leaseDurationSeconds: 10,
        acquireTime: '2026-11-29T10:00:00.123000Z',
        renewTime: '2026-11-29T10:00:05.456000Z',
        leaseTransitions: 0,
        resourceVersion: stored.metadata.resourceVersion,
      },
    });
  });

  it('answers alreadyExists when another replica created the Lease first', async () => {
    fake.put('songbird-system', 'songbird-controller', { holderIdentity: 'pod-b' });
    const created = await lock.create(claim('pod-a'));
    expect(!created.ok && created.error.code).toBe('alreadyExists');
  });

  it('updates with the resourceVersion read and answers the new one', async () => {
    const created = await lock.create(claim('pod-a'));
    if (!created.ok) throw new Error(created.error.message);
    const updated = await lock.update(claim('pod-a', { renewTimeMs: Date.parse('2026-11-29T10:00:07Z') }), created.value.resourceVersion);
    expect(updated.ok && updated.value.renewTime).toBe('2026-11-29T10:00:07.000000Z');
    expect(updated.ok && updated.value.resourceVersion).not.toBe(created.value.resourceVersion);
    expect(fake.requests.at(-1)?.body?.metadata).toEqual({ name: 'songbird-controller', namespace: 'songbird-system', resourceVersion: created.value.resourceVersion });
  });

  it('answers conflict when the Lease changed since the resourceVersion read', async () => {
    const created = await lock.create(claim('pod-a'));
    if (!created.ok) throw new Error(created.error.message);
    fake.put('songbird-system', 'songbird-controller', { holderIdentity: 'pod-b' });
    const updated = await lock.update(claim('pod-a'), created.value.resourceVersion);
    expect(!updated.ok && updated.error).toMatchObject({ code: 'conflict', status: 409, retryable: true });
    expect(fake.leases.get('songbird-system/songbird-controller')?.spec.holderIdentity).toBe('pod-b');
  });

  it('answers notFound when updating a Lease that was deleted (an update never creates it)', async () => {
    const updated = await lock.update(claim('pod-a'), '42');
    expect(!updated.ok && updated.error.code).toBe('notFound');
    expect(fake.leases.size).toBe(0);
  });

  it('writes a release (empty holder, 1 second) that the apiserver accepts', async () => {
    const created = await lock.create(claim('pod-a'));
    if (!created.ok) throw new Error(created.error.message);
    const released = await lock.update(claim('', { leaseDurationSeconds: 1 }), created.value.resourceVersion);
    expect(released.ok && released.value).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
  });

  it('gets the apiserver refusal as invalid when leaseDurationSeconds is 0', async () => {
    const created = await lock.create(claim('pod-a', { leaseDurationSeconds: 0 }));
    expect(!created.ok && created.error).toMatchObject({ code: 'invalid', status: 422 });
  });

  it.each([
    ['get', () => lock.read()],
    ['create', () => lock.create(claim('pod-a'))],
    ['update', () => lock.update(claim('pod-a'), '1')],
  ] as const)('names the verb %s and the Lease in a forbidden error when RBAC refuses it', async (verb, call) => {
    fake.deny.add(verb);
    const result = await call();
    expect(!result.ok && result.error.code).toBe('forbidden');
    expect(!result.ok && result.error.message).toContain(`${verb} Lease songbird-system/songbird-controller (403)`);
  });

  it('is refused with 400 by the apiserver when a time is sent as a plain Date (3 fractional digits), which is why the lock sends V1MicroTime', async () => {
    const sent = clients.coordination.createNamespacedLease({
      namespace: 'songbird-system',
      body: { metadata: { name: 'songbird-controller' }, spec: { holderIdentity: 'pod-a', renewTime: new Date('2026-11-29T10:00:05.456Z') } },
    });
    await expect(sent).rejects.toMatchObject({ code: 400 });
  });

  it('answers a network error, not a throw, when the apiserver is gone', async () => {
    await close();
    const read = await lock.read();
    expect(!read.ok && read.error).toMatchObject({ code: 'network', retryable: true });
    ({ fake, clients, close } = await startFakeLeasesApiServer()); // afterEach closes this one
  });
});
