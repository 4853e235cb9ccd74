// The collections the runtime watches, in all namespaces: Canaries, the
// Deployments they target and own, and what a Canary's routing is made of
// (Services, HorizontalPodAutoscalers, Istio DestinationRules and
// VirtualServices). Each is listed as raw JSON, like the watch events
// makeInformer parses itself, so an informer's cache holds what the apiserver
// sent (client-node's typed lists would drop fields its models lack, and turn
// times into Dates that the watch's objects do not have).
import type { KubernetesListObject, KubernetesObject } from '@kubernetes/client-node';
import { aListOfKind, type DeploymentJson } from './deployment-json-api.js';
import { GROUP, PLURAL, VERSION } from '../../schema/canary.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import type { WatchSource } from './informer.js';
import { ISTIO_GROUP, ISTIO_VERSION } from '../istio/istio-resources.js';

export function canarySource(clients: KubernetesClients): WatchSource<KubernetesObject> {
  return {
    what: 'Canaries',
    path: `/apis/${GROUP}/${VERSION}/${PLURAL}`,
    list: async () =>
      (await clients.custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL })) as KubernetesListObject<KubernetesObject>,
  };
}

export function deploymentSource(clients: KubernetesClients): WatchSource<DeploymentJson> {
  return {
    what: 'Deployments',
    path: '/apis/apps/v1/deployments',
    list: () => clients.deployments.listAll(),
  };
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

export const serviceSource = (clients: KubernetesClients) => jsonSource(clients, 'Services', '/api/v1/services', 'Service', 'v1');

export const autoscalerSource = (clients: KubernetesClients) =>
  jsonSource(clients, 'HorizontalPodAutoscalers', '/apis/autoscaling/v2/horizontalpodautoscalers', 'HorizontalPodAutoscaler', 'autoscaling/v2');

export const destinationRuleSource = (clients: KubernetesClients) =>
  jsonSource(clients, 'DestinationRules', `/apis/${ISTIO_GROUP}/${ISTIO_VERSION}/destinationrules`, 'DestinationRule', `${ISTIO_GROUP}/${ISTIO_VERSION}`);

export const virtualServiceSource = (clients: KubernetesClients) =>
  jsonSource(clients, 'VirtualServices', `/apis/${ISTIO_GROUP}/${ISTIO_VERSION}/virtualservices`, 'VirtualService', `${ISTIO_GROUP}/${ISTIO_VERSION}`);
