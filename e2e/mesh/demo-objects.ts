// Plain Kubernetes/Istio objects for the demo app, used as in-memory
// fixtures in unit tests and as manifests in e2e tests.
import type { V1Deployment, V1EnvVar, V1Service } from '@kubernetes/client-node';
import type { VirtualServiceObject } from './cluster-view.js';
import type { VirtualServiceSpec } from './virtual-service-spec.js';

export interface DemoDeploymentSpec {
  readonly name: string;
  readonly namespace: string;
  /** Pod template labels, e.g. `{ app: 'podinfo', version: 'v2' }`. */
  readonly labels: Readonly<Record<string, string>>;
  readonly env?: Readonly<Record<string, string>>;
  readonly image?: string;
  readonly replicas?: number;
  /** Omit for a manifest to create; set to fake status in an in-memory view. */
  readonly readyReplicas?: number;
}

export function demoDeployment(spec: DemoDeploymentSpec): V1Deployment {
  const env: V1EnvVar[] = Object.entries(spec.env ?? {}).map(([name, value]) => ({ name, value }));
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: spec.name, namespace: spec.namespace, labels: { ...spec.labels } },
    spec: {
      replicas: spec.replicas ?? 1,
      selector: { matchLabels: { ...spec.labels } },
      template: {
        metadata: { labels: { ...spec.labels } },
        spec: { containers: [{ name: 'app', image: spec.image ?? 'ghcr.io/stefanprodan/podinfo:6.7.0', env }] },
      },
    },
    ...(spec.readyReplicas !== undefined ? { status: { readyReplicas: spec.readyReplicas, replicas: spec.replicas ?? 1 } } : {}),
  };
}

/** `createdAt` only for in-memory views (the API server sets creationTimestamp itself). */
export function demoService(name: string, namespace: string, selector: Readonly<Record<string, string>>, createdAt?: Date): V1Service {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, ...(createdAt ? { creationTimestamp: createdAt } : {}) },
    spec: { selector: { ...selector }, ports: [{ name: 'http', port: 9898, targetPort: 9898 }] },
  };
}

export function demoVirtualService(name: string, namespace: string, spec: VirtualServiceSpec): VirtualServiceObject & { apiVersion: string; kind: string } {
  return { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name, namespace }, spec };
}
