// The collections the runtime watches: Canaries, the Deployments they target
// and own, and what a Canary's routing is made of (Services,
// HorizontalPodAutoscalers, Istio DestinationRules and VirtualServices). In
// all namespaces (/apis/apps/v1/deployments), or, given a namespace, in that
// one only (/apis/apps/v1/namespaces/<ns>/deployments), so a controller
// granted a Role in one namespace (charts/songbird, rbac.scope=namespaced)
// lists and watches only what that Role allows. Each is listed as raw JSON,
// like the watch events makeInformer parses itself, so an informer's cache
// holds what the apiserver sent (client-node's typed lists would drop fields
// its models lack, and turn times into Dates that the watch's objects do not
// have).
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { aListOfKind, type DeploymentJson } from './deployment-json-api.js';
import { GROUP, PLURAL, VERSION } from '../../schema/canary.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import type { WatchSource } from './informer.js';
import { ISTIO_GROUP, ISTIO_VERSION } from '../istio/istio-resources.js';

/**
 * The path of a collection: `/api/v1` or `/apis/<group>/<version>` (`root`),
 * then `/namespaces/<namespace>` when a namespace is given, then the plural;
 * the apiserver's URL layout (k8s.io/apiserver pkg/endpoints/installer.go).
 */
export function collectionPath(root: string, plural: string, namespace?: string): string {
  return namespace === undefined ? `${root}/${plural}` : `${root}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
}

/** Canaries of every namespace, or of `namespace` only. */
export function canarySource(clients: KubernetesClients, namespace?: string): WatchSource<KubernetesObject> {
  const crd = { group: GROUP, version: VERSION, plural: PLURAL };
  return {
    what: 'Canaries',
    path: collectionPath(`/apis/${GROUP}/${VERSION}`, PLURAL, namespace),
    list: async () =>
      (await (namespace === undefined
        ? clients.custom.listClusterCustomObject(crd)
        : clients.custom.listNamespacedCustomObject({ ...crd, namespace }))) as KubernetesListObject<KubernetesObject>,
  };
}

/** Deployments of every namespace, or of `namespace` only. */
export function deploymentSource(clients: KubernetesClients, namespace?: string): WatchSource<DeploymentJson> {
  return jsonSource(clients, 'Deployments', collectionPath('/apis/apps/v1', 'deployments', namespace), 'Deployment', 'apps/v1') as WatchSource<DeploymentJson>;
}

/** A collection listed with a plain GET of `path`, checked to be a `<kind>List`. */
function jsonSource(clients: KubernetesClients, what: string, path: string, kind: string, apiVersion: string): WatchSource<KubernetesObject> {
  return {
    what,
    path,
    list: async () =>
      (await clients.send({ method: 'GET', path, expected: aListOfKind(kind, `a ${apiVersion} ${kind}List`) })) as unknown as KubernetesListObject<KubernetesObject>,
  };
}

export const serviceSource = (clients: KubernetesClients, namespace?: string) =>
  jsonSource(clients, 'Services', collectionPath('/api/v1', 'services', namespace), 'Service', 'v1');

export const autoscalerSource = (clients: KubernetesClients, namespace?: string) =>
  jsonSource(
    clients,
    'HorizontalPodAutoscalers',
    collectionPath('/apis/autoscaling/v2', 'horizontalpodautoscalers', namespace),
    'HorizontalPodAutoscaler',
    'autoscaling/v2',
  );

export const destinationRuleSource = (clients: KubernetesClients, namespace?: string) =>
  jsonSource(
    clients,
    'DestinationRules',
    collectionPath(`/apis/${ISTIO_GROUP}/${ISTIO_VERSION}`, 'destinationrules', namespace),
    'DestinationRule',
    `${ISTIO_GROUP}/${ISTIO_VERSION}`,
  );

export const virtualServiceSource = (clients: KubernetesClients, namespace?: string) =>
  jsonSource(
    clients,
    'VirtualServices',
    collectionPath(`/apis/${ISTIO_GROUP}/${ISTIO_VERSION}`, 'virtualservices', namespace),
    'VirtualService',
    `${ISTIO_GROUP}/${ISTIO_VERSION}`,
  );
