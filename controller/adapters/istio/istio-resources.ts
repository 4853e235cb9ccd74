// The subset of Istio's networking.istio.io/v1 objects Songbird writes.
// Objects read from the cluster keep every other field untouched.

export const ISTIO_GROUP = 'networking.istio.io';
export const ISTIO_VERSION = 'v1';
export const VIRTUAL_SERVICES = 'virtualservices';
export const DESTINATION_RULES = 'destinationrules';
export const ISTIO_API_VERSION = `${ISTIO_GROUP}/${ISTIO_VERSION}`;

/** Songbird owns exactly the http routes whose name starts with this. */
export const SONGBIRD_ROUTE_PREFIX = 'songbird-';
export const INTERNAL_ROUTE = 'songbird-internal';
export const DEFAULT_ROUTE = 'songbird-default';

export interface IstioStringMatch {
  exact?: string;
  prefix?: string;
  regex?: string;
}

export interface HttpMatchRequest {
  headers?: Record<string, IstioStringMatch>;
  [field: string]: unknown;
}

export interface HttpRouteDestination {
  destination: { host: string; subset?: string; port?: { number: number } };
  weight?: number;
  [field: string]: unknown;
}

export interface HttpRoute {
  name?: string;
  match?: HttpMatchRequest[];
  route?: HttpRouteDestination[];
  [field: string]: unknown;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  resourceVersion?: string;
  uid?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }>;
  [field: string]: unknown;
}

export interface VirtualService {
  apiVersion: string;
  kind: 'VirtualService';
  metadata: ObjectMeta;
  spec: { hosts?: string[]; gateways?: string[]; http?: HttpRoute[]; [field: string]: unknown };
}

export interface DestinationRule {
  apiVersion: string;
  kind: 'DestinationRule';
  metadata: ObjectMeta;
  spec: { host: string; [field: string]: unknown };
}

export const isSongbirdRoute = (route: HttpRoute): boolean => (route.name ?? '').startsWith(SONGBIRD_ROUTE_PREFIX);
