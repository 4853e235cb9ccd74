import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { demoDeployment, demoService, demoVirtualService } from './demo-objects.js';
import { startKubernetesClusterView } from './kubernetes-cluster-view.js';
import { safeStartMesh } from './mesh.js';

const ns = 'demo';

/** A loopback kube-apiserver fake answering the four list calls from `state`; unknown paths are 404. */
interface FakeApiServer {
  readonly state: { lists: Record<string, unknown[]>; failing: Set<string> };
  readonly url: string;
  close(): Promise<void>;
}

const LIST_PATHS: Record<string, { apiVersion: string; kind: string }> = {
  [`/api/v1/namespaces/${ns}/services`]: { apiVersion: 'v1', kind: 'ServiceList' },
  [`/apis/apps/v1/namespaces/${ns}/deployments`]: { apiVersion: 'apps/v1', kind: 'DeploymentList' },
  [`/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices`]: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualServiceList' },
  [`/apis/networking.istio.io/v1/namespaces/${ns}/destinationrules`]: { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRuleList' },
};

async function startFakeApiServer(): Promise<FakeApiServer> {
  const state = { lists: {} as Record<string, unknown[]>, failing: new Set<string>() };
  const server: Server = createServer((req, res) => {
    const urlPath = (req.url ?? '').split('?')[0] ?? '';
    const list = LIST_PATHS[urlPath];
    const items = state.lists[urlPath];
    if (state.failing.has(urlPath)) {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', status: 'Failure', code: 500, message: 'boom' }));
    } else if (!list || !items) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound' }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...list, metadata: { resourceVersion: '1' }, items }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }),
  };
}

function writeKubeconfig(dir: string, server: string): string {
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(file, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'fake',
    clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'fake', user: { token: 'test-token' } }],
    contexts: [{ name: 'fake', context: { cluster: 'fake', user: 'fake', namespace: ns } }],
  }));
  return file;
}

const servicesPath = `/api/v1/namespaces/${ns}/services`;
const deploymentsPath = `/apis/apps/v1/namespaces/${ns}/deployments`;
const virtualServicesPath = `/apis/networking.istio.io/v1/namespaces/${ns}/virtualservices`;

describe('startKubernetesClusterView', () => {
  let api: FakeApiServer;
  let dir: string;
  let kubeconfigPath: string;

  beforeAll(async () => {
    api = await startFakeApiServer();
    dir = mkdtempSync(path.join(os.tmpdir(), 'mesh-view-'));
    kubeconfigPath = writeKubeconfig(dir, api.url);
  });

  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the namespace and reads missing Istio CRDs as no objects when the apiserver answers', async () => {
    api.state.lists = {
      [servicesPath]: [demoService('podinfo', ns, { app: 'podinfo' })],
      [deploymentsPath]: [demoDeployment({ name: 'podinfo', namespace: ns, labels: { app: 'podinfo' }, readyReplicas: 1 })],
    };
    const view = await startKubernetesClusterView({ kubeconfigPath, namespace: ns, pollIntervalMs: 50 });
    try {
      expect([view.services().map((s) => s.metadata?.name), view.deployments().map((d) => d.status?.readyReplicas)]).toEqual([['podinfo'], [1]]);
      expect([view.virtualServices(), view.destinationRules(), view.lastErrors()]).toEqual([[], [], []]);
    } finally {
      view.stop();
    }
  });

  it('sees a new VirtualService on a later poll when one is created', async () => {
    const view = await startKubernetesClusterView({ kubeconfigPath, namespace: ns, pollIntervalMs: 50 });
    try {
      api.state.lists = { ...api.state.lists, [virtualServicesPath]: [demoVirtualService('podinfo', ns, { hosts: ['podinfo'], http: [{ route: [{ destination: { host: 'podinfo' } }] }] })] };
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(view.virtualServices().map((vs) => vs.spec.hosts)).toEqual([['podinfo']]);
    } finally {
      view.stop();
    }
  });

  it('keeps the last services and reports list-failed when a list fails', async () => {
    const view = await startKubernetesClusterView({ kubeconfigPath, namespace: ns, pollIntervalMs: 60_000 });
    try {
      api.state.failing.add(servicesPath);
      const errors = await view.refresh();
      expect(errors.map((e) => [e.code, e.kind, e.retryable])).toEqual([['list-failed', 'services', true]]);
      expect(view.services().map((s) => s.metadata?.name)).toEqual(['podinfo']);
    } finally {
      api.state.failing.clear();
      view.stop();
    }
  });
});

describe('safeStartMesh', () => {
  it('serves requests from the cluster objects when the apiserver answers', async () => {
    const api = await startFakeApiServer();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mesh-start-'));
    api.state.lists = {
      [servicesPath]: [demoService('podinfo', ns, { app: 'podinfo' })],
      [deploymentsPath]: [demoDeployment({ name: 'podinfo', namespace: ns, labels: { app: 'podinfo', version: 'v1' }, readyReplicas: 1 })],
    };
    const started = await safeStartMesh({ kubeconfigPath: writeKubeconfig(dir, api.url), namespace: ns, host: 'podinfo', internalRps: 0, customerRps: 0 });
    try {
      expect(started.ok).toBe(true);
      if (!started.ok) return;
      started.mesh.send('customer');
      expect(started.mesh.counts().workloads['podinfo']?.customer.requests).toBe(1);
    } finally {
      if (started.ok) await started.mesh.stop();
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('returns cluster-unreachable when the apiserver does not answer', async () => {
    const api = await startFakeApiServer();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mesh-start-'));
    const kubeconfigPath = writeKubeconfig(dir, api.url);
    await api.close();
    try {
      const started = await safeStartMesh({ kubeconfigPath, namespace: ns, host: 'podinfo', internalRps: 0, customerRps: 0 });
      expect(started.ok ? 'started' : [started.error.code, started.error.retryable]).toEqual(['cluster-unreachable', true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
