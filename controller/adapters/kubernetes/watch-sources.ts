// The two collections the runtime watches: Canaries and Deployments, in all namespaces.
import type { KubernetesListObject, KubernetesObject, V1Deployment } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../../schema/canary.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import type { WatchSource } from './informer.js';

export function canarySource(clients: KubernetesClients): WatchSource<KubernetesObject> {
  return {
    what: 'Canaries',
    path: `/apis/${GROUP}/${VERSION}/${PLURAL}`,
    list: async () =>
      (await clients.custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL })) as KubernetesListObject<KubernetesObject>,
  };
}

export function deploymentSource(clients: KubernetesClients): WatchSource<V1Deployment> {
  return {
    what: 'Deployments',
    path: '/apis/apps/v1/deployments',
    list: () => clients.apps.listDeploymentForAllNamespaces(),
  };
}
