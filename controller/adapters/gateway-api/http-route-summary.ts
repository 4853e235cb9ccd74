// An HTTPRoute of the Canary's namespace summarised as the core reads routes
// (core/observations.ts VirtualServiceSummary), so route-conflicts.ts sees who
// else routes the Service: a Service parentRef is mesh traffic for that host
// (GAMMA), a Gateway parentRef is that gateway's traffic. `http` stays empty:
// HTTPRoute rules are ordered by how specific their matches are, not by
// position (Gateway API spec, HTTPRouteRule), so none shadows another by order.
import type { VirtualServiceSummary } from '../../core/observations.js';
import { isOwnedBy, type CanaryRef } from '../kubernetes/owner-reference.js';
import { GATEWAY_API_GROUP } from './http-route-plan.js';

/** An HTTPRoute as listed; only what the summary reads. */
export interface ListedHttpRoute {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string | Date; ownerReferences?: Array<{ uid?: string }> };
  spec?: { hostnames?: string[]; parentRefs?: Array<{ group?: string; kind?: string; name?: string; namespace?: string }> };
}

export function summariseHttpRoute(route: ListedHttpRoute, canary: CanaryRef & { namespace: string }): VirtualServiceSummary {
  const namespace = route.metadata?.namespace ?? canary.namespace;
  const parents = route.spec?.parentRefs ?? [];
  // parentRef defaults (the CRD's): group gateway.networking.k8s.io, kind Gateway.
  const isService = (p: (typeof parents)[number]) => (p.group ?? GATEWAY_API_GROUP) === '' && p.kind === 'Service';
  const services = parents.filter(isService).map((p) => p.name ?? '');
  const gateways = parents.filter((p) => !isService(p) && (p.kind ?? 'Gateway') === 'Gateway').map((p) => `${p.namespace ?? namespace}/${p.name ?? ''}`);
  const created = route.metadata?.creationTimestamp;
  return {
    name: route.metadata?.name ?? '',
    namespace,
    createdAt: created instanceof Date ? created.toISOString() : (created ?? ''),
    relation: isOwnedBy(route.metadata, canary) ? 'owned' : 'foreign',
    hosts: [...services, ...(route.spec?.hostnames ?? [])],
    gateways: services.length > 0 ? ['mesh', ...gateways] : gateways,
    http: [],
  };
}
