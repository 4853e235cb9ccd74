// ensurePrimary's record of the previous template and revertPrimary, against a
// loopback fake of the apiserver's Deployments.
import { ensurePrimary } from './ensure-primary.js';
import { collectionPath, startFakeApiServer, type FakeApiServer, type Json } from './fake-apiserver.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { PREVIOUS_REVISION_ANNOTATION, PREVIOUS_TEMPLATE_ANNOTATION } from './primary-history.js';
import { revertPrimary } from './revert-primary.js';

const DEPLOYMENTS = collectionPath.deployments('shop');
const canary = { name: 'web', uid: 'uid-web' };
const template = (image: string, extra: Json = {}) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image, ...extra }] } });
const target = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 0, selector: { matchLabels: { app: 'web' } }, template: template('web:1') } };

describe('ensurePrimary history and revertPrimary', () => {
  let fake: FakeApiServer;
  let clients: KubernetesClients;
  let close: () => Promise<void>;
  beforeEach(async () => {
    ({ fake, clients, close } = await startFakeApiServer());
    fake.put(DEPLOYMENTS, target);
  });
  afterEach(() => close());

  const primary = () => fake.get(DEPLOYMENTS, 'web-primary')!;
  const ship = (revision: string, image: string, replicas = 2, extra: Json = {}) =>
    ensurePrimary(clients, { namespace: 'shop', canary, targetName: 'web', template: template(image, extra), revision, replicas });
  const revert = (revision: string) => revertPrimary(clients, { namespace: 'shop', canary, targetName: 'web', revision });

  it('records the revision and template the primary ran when ensurePrimary replaces them with another revision', async () => {
    await ship('rev-a', 'web:1');
    const before = structuredClone(primary().spec.template);
    expect(await ship('rev-b', 'web:2')).toEqual({ ok: true, value: 'updated' });
    const annotations = primary().metadata.annotations;
    expect(annotations[PREVIOUS_REVISION_ANNOTATION]).toBe('rev-a');
    expect(JSON.parse(annotations[PREVIOUS_TEMPLATE_ANNOTATION])).toEqual(before);
    expect(before.metadata.labels).toEqual({ app: 'web-primary' });
  });

  it('keeps the recorded previous revision when ensurePrimary changes only the replicas', async () => {
    await ship('rev-a', 'web:1');
    await ship('rev-b', 'web:2');
    expect(await ship('rev-b', 'web:2', 4)).toEqual({ ok: true, value: 'updated' });
    expect(primary().metadata.annotations[PREVIOUS_REVISION_ANNOTATION]).toBe('rev-a');
    expect(primary().spec.replicas).toBe(4);
  });

  it('records no previous template, and still updates, when it would pass the 256 KiB annotations limit', async () => {
    await ship('rev-a', 'web:1', 2, { args: ['x'.repeat(300 * 1024)] });
    expect(await ship('rev-b', 'web:2')).toEqual({ ok: true, value: 'updated' });
    expect(primary().metadata.annotations).not.toHaveProperty(PREVIOUS_REVISION_ANNOTATION);
    expect(primary().metadata.annotations).not.toHaveProperty(PREVIOUS_TEMPLATE_ANNOTATION);
  });

  it('puts the previous template back at the same scale, and records the replaced one, when asked for the previous revision', async () => {
    await ship('rev-a', 'web:1', 3);
    const promoted = structuredClone(primary().spec.template);
    await ship('rev-b', 'web:2', 3);
    const failedTemplate = structuredClone(primary().spec.template);
    const version = primary().metadata.resourceVersion;
    expect(await revert('rev-a')).toEqual({ ok: true, value: 'reverted' });
    expect(primary().spec.template).toEqual(promoted);
    expect(primary().spec.replicas).toBe(3);
    expect(primary().metadata.annotations).toMatchObject({ 'songbird.dev/revision': 'rev-a', [PREVIOUS_REVISION_ANNOTATION]: 'rev-b' });
    expect(JSON.parse(primary().metadata.annotations[PREVIOUS_TEMPLATE_ANNOTATION])).toEqual(failedTemplate);
    expect((fake.requests.filter((r) => r.method === 'PUT').at(-1)?.body as Json).metadata.resourceVersion).toBe(version);
  });

  it('writes nothing and answers unchanged when the primary already runs the revision', async () => {
    await ship('rev-a', 'web:1');
    const writes = fake.requests.filter((r) => r.method !== 'GET').length;
    expect(await revert('rev-a')).toEqual({ ok: true, value: 'unchanged' });
    expect(fake.requests.filter((r) => r.method !== 'GET')).toHaveLength(writes);
  });

  it('fails with notFound naming the running revision when no template of the revision is recorded', async () => {
    await ship('rev-a', 'web:1');
    await ship('rev-b', 'web:2');
    const outcome = await revert('rev-0');
    expect(!outcome.ok && outcome.error).toMatchObject({ code: 'notFound', retryable: false });
    expect(!outcome.ok && outcome.error.message).toMatch(/runs revision rev-b and no template of revision rev-0 is recorded/);
  });

  it('fails with notFound when the recorded template is not a JSON object', async () => {
    await ship('rev-a', 'web:1');
    await ship('rev-b', 'web:2');
    const stored = primary();
    fake.put(DEPLOYMENTS, { ...stored, metadata: { ...stored.metadata, annotations: { ...stored.metadata.annotations, [PREVIOUS_TEMPLATE_ANNOTATION]: 'not json' } } });
    const outcome = await revert('rev-a');
    expect(!outcome.ok && outcome.error.message).toMatch(/its template is not a JSON object/);
  });

  it('refuses with notOwned to change a primary the Canary does not own', async () => {
    fake.put(DEPLOYMENTS, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web-primary' }, spec: {} });
    const outcome = await revert('rev-a');
    expect(!outcome.ok && outcome.error.code).toBe('notOwned');
  });
});
