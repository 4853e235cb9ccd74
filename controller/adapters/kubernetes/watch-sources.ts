// The two collections the runtime watches: Canaries and Deployments, in all namespaces.
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import type { DeploymentJson } from './deployment-json-api.js';
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

/**
 * Listed as raw JSON, like the watch events makeInformer parses itself, so the
 * informer's cache holds what the apiserver sent (client-node's typed list
 * would drop fields its models lack).
 */
export function deploymentSource(clients: KubernetesClients): WatchSource<DeploymentJson> {
  return {
    what: 'Deployments',
    path: '/apis/apps/v1/deployments',
    list: () => clients.deployments.listAll(),
  };
}
