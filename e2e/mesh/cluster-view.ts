// The mesh stand-in's read-only window on one namespace. The real view lists
// from a kube-apiserver; tests build one from plain objects.
import type { V1Deployment, V1ObjectMeta, V1Service } from '@kubernetes/client-node';
import type { HttpRouteSpec } from './http-route-spec.js';
import type { VirtualServiceSpec } from './virtual-service-spec.js';

export interface VirtualServiceObject {
  readonly metadata: V1ObjectMeta;
  readonly spec: VirtualServiceSpec;
}

/** A Gateway API HTTPRoute (gateway.networking.k8s.io/v1). */
export interface HttpRouteObject {
  readonly metadata: V1ObjectMeta;
  readonly spec: HttpRouteSpec;
}

export interface DestinationRuleSubset {
  readonly name: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface DestinationRuleObject {
  readonly metadata: V1ObjectMeta;
  readonly spec: { readonly host: string; readonly subsets?: readonly DestinationRuleSubset[] };
}

/** The latest known objects of one namespace; reads are synchronous and cheap. */
export interface ClusterView {
  readonly namespace: string;
  virtualServices(): readonly VirtualServiceObject[];
  destinationRules(): readonly DestinationRuleObject[];
  httpRoutes(): readonly HttpRouteObject[];
  services(): readonly V1Service[];
  deployments(): readonly V1Deployment[];
}
