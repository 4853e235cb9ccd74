import { describe, expect, it } from '@jest/globals';
import type { V1Service } from '@kubernetes/client-node';
import { demoDeployment, demoService } from './demo-objects.js';
import { inMemoryClusterView } from './in-memory-cluster-view.js';
import { inboundService } from './inbound-service.js';
import type { Workload } from './workload-resolution.js';

const ns = 'shop';
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));
const deployment = demoDeployment({ name: 'podinfo', namespace: ns, labels: { app: 'podinfo', version: 'v2' }, readyReplicas: 1 });
deployment.spec!.template.spec!.containers[0]!.ports = [{ name: 'http', containerPort: 9898 }];

function workloadThrough(service: V1Service): Workload {
  return { name: 'podinfo', namespace: ns, deployment, labels: { app: 'podinfo', version: 'v2' }, servicePorts: service.spec?.ports ?? [] };
}

function serverServiceOf(services: V1Service[], routed: V1Service): string {
  return inboundService(inMemoryClusterView(ns, { services }), { name: routed.metadata!.name!, namespace: ns }, workloadThrough(routed)).name;
}

describe('inboundService', () => {
  const canary = demoService('podinfo-canary', ns, { app: 'podinfo' }, at(2));
  const internal = demoService('podinfo-internal', ns, { app: 'podinfo' }, at(3));

  it('names the oldest Service selecting the pod when the request came through a newer one', () => {
    expect(serverServiceOf([internal, canary], internal)).toBe('podinfo-canary');
    expect(serverServiceOf([internal, canary], canary)).toBe('podinfo-canary');
  });

  it('follows creation time, not names, when the internal Service is the older', () => {
    const olderInternal = demoService('podinfo-internal', ns, { app: 'podinfo' }, at(1));
    expect(serverServiceOf([canary, olderInternal], canary)).toBe('podinfo-internal');
  });

  it('breaks a tie of creation times by host name', () => {
    const sameTime = demoService('podinfo-a', ns, { app: 'podinfo' }, at(2));
    expect(serverServiceOf([canary, sameTime], canary)).toBe('podinfo-a');
  });

  it('skips an older Service that selects other pods, exposes another port number or reaches another pod port', () => {
    const otherPods = demoService('podinfo', ns, { app: 'podinfo-primary' }, at(0));
    const otherPort = { ...demoService('podinfo-metrics', ns, { app: 'podinfo' }, at(0)), spec: { selector: { app: 'podinfo' }, ports: [{ port: 9797, targetPort: 9898 }] } };
    const otherTarget = { ...demoService('podinfo-admin', ns, { app: 'podinfo' }, at(0)), spec: { selector: { app: 'podinfo' }, ports: [{ port: 9898, targetPort: 9999 }] } };
    const noSelector = { ...demoService('podinfo-external', ns, {}, at(0)), spec: { ports: [{ port: 9898 }] } };
    expect(serverServiceOf([otherPods, otherPort, otherTarget, noSelector, internal, canary], internal)).toBe('podinfo-canary');
  });

  it('matches a named targetPort by the container port it names', () => {
    const named = { ...demoService('podinfo-named', ns, { app: 'podinfo' }, at(0)), spec: { selector: { app: 'podinfo' }, ports: [{ port: 9898, targetPort: 'http' }] } };
    expect(serverServiceOf([named, internal, canary], internal)).toBe('podinfo-named');
  });

  it('counts a Service without a creationTimestamp as the newest', () => {
    const undated = demoService('podinfo-aaa', ns, { app: 'podinfo' });
    expect(serverServiceOf([undated, internal], undated)).toBe('podinfo-internal');
  });
});
