// ensurePrimary and observeWorkloads against a loopback fake of the
// apiserver's Deployments: the primary gets every field of the target's pod
// template, including fields @kubernetes/client-node has no model for.
import type http from 'node:http';
import { ensurePrimary } from './ensure-primary.js';
import { fakeDeploymentsApiServer, type FakeDeploymentsApiServer } from './fake-deployments-apiserver.js';
import { makeKubernetesClients, type KubernetesClients } from './kubernetes-clients.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from './loopback-kube-config.js';
import { observeWorkloads } from './observe-workloads.js';
import type { PrimaryInput } from './primary-deployment.js';

const canary = { name: 'web', uid: 'uid-web' };

/** A pod template with Kubernetes 1.36's spec.schedulingGroup and a container field no client-node release knows. */
function template(podGroupName: string) {
  return {
    metadata: { labels: { app: 'web' } },
    spec: {
      schedulingGroup: { podGroupName },
      containers: [{ name: 'app', image: 'web:1', futureContainerField: { on: true } }],
    },
  };
}

function target(podGroupName: string) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template(podGroupName) },
  };
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('ensurePrimary and observeWorkloads with fields client-node has no model for', () => {
  let fake: FakeDeploymentsApiServer;
  let server: http.Server;
  let clients: KubernetesClients;

  beforeEach(async () => {
    fake = fakeDeploymentsApiServer();
    server = fake.server;
    await listenOnLoopback(server);
    clients = makeKubernetesClients(loopbackKubeConfig(server));
  });
  afterEach(() => closeServer(server));

  const observeTarget = async () => {
    const observed = await observeWorkloads(clients, 'shop', 'web');
    if (!observed.ok) throw new Error(observed.error.message);
    return observed.value.target;
  };
  const inputFrom = async (): Promise<PrimaryInput> => {
    const observed = await observeTarget();
    return { namespace: 'shop', canary, targetName: 'web', template: observed.template!, revision: observed.revision!, replicas: 2 };
  };

  it('observes the target template with schedulingGroup and an unknown container field when the apiserver returns them', async () => {
    fake.put('shop', target('group-a'));
    const observed = await observeTarget();
    expect(observed.template).toEqual(template('group-a'));
  });

  it('gives a new revision when only spec.template.spec.schedulingGroup changes', async () => {
    fake.put('shop', target('group-a'));
    const before = (await observeTarget()).revision;
    fake.put('shop', target('group-b'));
    const after = (await observeTarget()).revision;
    expect(before).toMatch(/^[0-9a-f]{10}$/);
    expect(after).not.toBe(before);
  });

  it('creates the primary with schedulingGroup and the unknown container field in its template when the target has them', async () => {
    fake.put('shop', target('group-a'));
    expect(await ensurePrimary(clients, await inputFrom())).toEqual({ ok: true, value: 'created' });
    const post = fake.requests.find((r) => r.method === 'POST');
    expect(post?.path).toBe('/apis/apps/v1/namespaces/shop/deployments');
    expect(post?.contentType).toBe('application/json');
    expect(post?.authorization).toBe('Bearer fake-token');
    const sent = (post?.body as Json).spec.template.spec;
    expect(sent.schedulingGroup).toEqual({ podGroupName: 'group-a' });
    expect(sent.containers[0].futureContainerField).toEqual({ on: true });
    expect(fake.objects.get('shop/web-primary')?.spec).toMatchObject({ selector: { matchLabels: { app: 'web-primary' } }, template: { spec: { schedulingGroup: { podGroupName: 'group-a' } } } });
  });

  it('replaces the primary with the new schedulingGroup, conditioned on its resourceVersion, when only that field changed', async () => {
    fake.put('shop', target('group-a'));
    await ensurePrimary(clients, await inputFrom());
    const primaryVersion = (fake.objects.get('shop/web-primary')!.metadata as Json).resourceVersion as string;
    fake.put('shop', target('group-b'));
    expect(await ensurePrimary(clients, await inputFrom())).toEqual({ ok: true, value: 'updated' });
    const put = fake.requests.find((r) => r.method === 'PUT');
    expect(put?.path).toBe('/apis/apps/v1/namespaces/shop/deployments/web-primary');
    expect((put?.body as Json).metadata.resourceVersion).toBe(primaryVersion);
    expect((fake.objects.get('shop/web-primary') as Json).spec.template.spec.schedulingGroup).toEqual({ podGroupName: 'group-b' });
  });

  it('fails with notFound when the target is missing, and writes nothing over a primary it does not own', async () => {
    const missing = await ensurePrimary(clients, { namespace: 'shop', canary, targetName: 'web', template: template('g'), revision: 'aaaaaaaaaa', replicas: 1 });
    expect(!missing.ok && missing.error).toMatchObject({ code: 'notFound', retryable: true });
    fake.put('shop', target('group-a'));
    fake.put('shop', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web-primary' }, spec: {} });
    const foreign = await ensurePrimary(clients, await inputFrom());
    expect(!foreign.ok && foreign.error.code).toBe('notOwned');
    expect(fake.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });
});
