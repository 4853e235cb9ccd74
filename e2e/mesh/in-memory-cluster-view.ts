// A ClusterView over plain objects, for unit tests and demos without a
// cluster. `replace` swaps some kinds at once, as a watch event would.
import type { V1Deployment, V1Service } from '@kubernetes/client-node';
import type { ClusterView, DestinationRuleObject, HttpRouteObject, VirtualServiceObject } from './cluster-view.js';

export interface ClusterObjects {
  readonly virtualServices?: readonly VirtualServiceObject[];
  readonly destinationRules?: readonly DestinationRuleObject[];
  readonly httpRoutes?: readonly HttpRouteObject[];
  readonly services?: readonly V1Service[];
  readonly deployments?: readonly V1Deployment[];
}

export interface InMemoryClusterView extends ClusterView {
  replace(objects: ClusterObjects): void;
}

export function inMemoryClusterView(namespace: string, initial: ClusterObjects = {}): InMemoryClusterView {
  let objects: Required<ClusterObjects> = { virtualServices: [], destinationRules: [], httpRoutes: [], services: [], deployments: [], ...initial };
  return {
    namespace,
    virtualServices: () => objects.virtualServices,
    destinationRules: () => objects.destinationRules,
    httpRoutes: () => objects.httpRoutes,
    services: () => objects.services,
    deployments: () => objects.deployments,
    replace(next) {
      objects = { ...objects, ...next };
    },
  };
}
