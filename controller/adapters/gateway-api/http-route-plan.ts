// The HTTPRoute `<svc>` (gateway.networking.k8s.io/v1) of a Canary on the
// Gateway API router, as pure data: attached to the Service `<svc>` (GAMMA:
// mesh traffic, Istio's waypoints in ambient mode) and to the spec's Gateway,
// one rule sending internal users to `<svc>-internal` (the canary's pods, so
// Istio's destination_service_name tells them from customers) while the
// internal stage lasts, and one splitting everyone else between `<svc>-primary` and
// `<svc>-canary` by weight. Every field the CRD would default is written out
// (group, kind, weight, path and header match types), so the object read back
// equals what was written (http-route-verify.ts).
// Shapes: https://gateway-api.sigs.k8s.io/reference/spec/ (HTTPRoute, HTTPRouteMatch, HTTPBackendRef).
import type { Routes } from '../../core/actions.js';
import type { InternalMatch } from '../../schema/canary-spec.js';
import { cookieRegex, escapeRegex } from '../../schema/cookie-regex.js';
import { CANARY_LABEL, canaryOwnerReference, MANAGED_BY, MANAGED_BY_LABEL, type CanaryRef } from '../kubernetes/owner-reference.js';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_API_VERSION = 'v1';
export const HTTP_ROUTES = 'httproutes';

export interface HttpHeaderMatch {
  type: 'Exact' | 'RegularExpression';
  name: string;
  value: string;
}

export interface HttpRouteMatch {
  path: { type: 'PathPrefix'; value: string };
  headers?: HttpHeaderMatch[];
}

export interface HttpBackendRef {
  group: '';
  kind: 'Service';
  name: string;
  port: number;
  weight: number;
}

export interface ParentRef {
  group: string;
  kind: 'Service' | 'Gateway';
  name: string;
  namespace?: string;
}

export interface HttpRouteRule {
  matches: HttpRouteMatch[];
  backendRefs: HttpBackendRef[];
}

export interface HttpRouteSpec {
  parentRefs: ParentRef[];
  rules: HttpRouteRule[];
}

export interface HttpRouteObject {
  apiVersion: string;
  kind: 'HTTPRoute';
  metadata: { name: string; namespace: string; labels: Record<string, string>; ownerReferences: ReturnType<typeof canaryOwnerReference>[]; resourceVersion?: string };
  spec: HttpRouteSpec;
}

/** What one Canary's HTTPRoute is built from; names are the generated ones (schema/generated-names.ts). */
export interface HttpRouteInput {
  name: string;
  namespace: string;
  primaryService: string;
  canaryService: string;
  /** `<svc>-internal`: the internal rule's backend. */
  internalService: string;
  port: number;
  gatewayRef?: { name: string; namespace?: string };
  internalMatch?: readonly InternalMatch[];
  routes: Routes;
  owner: CanaryRef;
}

const EVERY_PATH = { type: 'PathPrefix', value: '/' } as const;

/** The HTTPRoute for `input`; a weight outside 0..100 is clamped, as the core never asks for one. */
export function planHttpRoute(input: HttpRouteInput): HttpRouteObject {
  const canaryWeight = Math.min(100, Math.max(0, Math.round(input.routes.canaryWeight)));
  const backend = (name: string, weight: number): HttpBackendRef => ({ group: '', kind: 'Service', name, port: input.port, weight });
  const internal = input.internalMatch ?? [];
  const rules: HttpRouteRule[] = [];
  if (input.routes.internalToCanary && internal.length > 0) {
    rules.push({ matches: internal.map(httpRouteMatchOf), backendRefs: [backend(input.internalService, 100)] });
  }
  rules.push({ matches: [{ path: { ...EVERY_PATH } }], backendRefs: [backend(input.primaryService, 100 - canaryWeight), backend(input.canaryService, canaryWeight)] });
  const parentRefs: ParentRef[] = [{ group: '', kind: 'Service', name: input.name }];
  if (input.gatewayRef) {
    parentRefs.push({ group: GATEWAY_API_GROUP, kind: 'Gateway', name: input.gatewayRef.name, namespace: input.gatewayRef.namespace ?? input.namespace });
  }
  return {
    apiVersion: `${GATEWAY_API_GROUP}/${GATEWAY_API_VERSION}`,
    kind: 'HTTPRoute',
    metadata: {
      name: input.name,
      namespace: input.namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [CANARY_LABEL]: input.owner.name },
      ownerReferences: [canaryOwnerReference(input.owner)],
    },
    spec: { parentRefs, rules },
  };
}

/**
 * One internal match entry as an HTTPRouteMatch (its conditions ANDed, as in
 * the entry). HTTPRoute matches headers only by Exact or RegularExpression, so
 * a prefix becomes the RE2 regex `<escaped prefix>.*`, and a cookie becomes a
 * RegularExpression on the Cookie header (as Istio's own VirtualService match
 * does, schema/cookie-regex.ts). Istio gives RegularExpression Envoy's
 * whole-value RE2 match. jwtClaim entries are refused by the schema.
 */
export function httpRouteMatchOf(match: InternalMatch): HttpRouteMatch {
  const headers: HttpHeaderMatch[] = [];
  if (match.header) {
    const { name, exact, prefix, regex } = match.header;
    if (exact !== undefined) headers.push({ type: 'Exact', name, value: exact });
    else if (prefix !== undefined) headers.push({ type: 'RegularExpression', name, value: `${escapeRegex(prefix)}.*` });
    else if (regex !== undefined) headers.push({ type: 'RegularExpression', name, value: regex });
  }
  if (match.cookie) {
    const { name, value, regex } = match.cookie;
    const pattern = regex ?? (name !== undefined && value !== undefined ? cookieRegex(name, value) : undefined);
    if (pattern !== undefined) headers.push({ type: 'RegularExpression', name: 'cookie', value: pattern });
  }
  return { path: { ...EVERY_PATH }, ...(headers.length > 0 ? { headers } : {}) };
}
