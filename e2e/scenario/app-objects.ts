import type { V1Deployment } from '@kubernetes/client-node';

export interface AppVersion {
  /** Image tag, also the Sentry release fallback. */
  tag: string;
  /** Pod-template env: DEMO_ERROR_RATE, DEMO_LATENCY_MS, DEMO_INTERNAL_EXCEPTION_RATE, SENTRY_*. */
  env?: Record<string, string>;
  /** A proxy or agent container listed before the app (e.g. `{ name: 'envoy', image: 'registry.local/envoy:1.30.1' }`); the app keeps port 9898. */
  sidecarFirst?: { name: string; image: string };
}

/** The demo app's Deployment as GitOps would write it; KWOK makes its pods Ready. */
export function appDeployment(namespace: string, name: string, version: AppVersion, replicas = 2): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            ...(version.sidecarFirst ? [{ name: version.sidecarFirst.name, image: version.sidecarFirst.image, ports: [{ containerPort: 15001 }] }] : []),
            {
              name: 'app',
              image: `registry.local/${name}:${version.tag}`,
              ports: [{ containerPort: 9898 }],
              env: Object.entries(version.env ?? {}).map(([envName, value]) => ({ name: envName, value })),
            },
          ],
          // KWOK's fake nodes carry this taint; real clusters ignore the toleration.
          tolerations: [{ key: 'kwok.x-k8s.io/node', operator: 'Exists', effect: 'NoSchedule' }],
        },
      },
    },
  };
}

/**
 * How the scenarios' Canaries (which serve only the mesh) recognise internal
 * users. No jwtClaim: Istio routes on JWT claims only at gateways, so the
 * schema and the CRD refuse a claim match on a mesh-only Canary.
 */
export const INTERNAL_MATCH = [
  { header: { name: 'x-songbird-user', exact: 'internal' } },
  { cookie: { name: 'songbird-user', value: 'internal' } },
];
