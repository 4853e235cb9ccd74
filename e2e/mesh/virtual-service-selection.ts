// Which VirtualService governs a host for traffic entering at a gateway
// (`mesh` for sidecar traffic): Istio uses the oldest one that applies (by
// creation time, then name).
import type { VirtualServiceObject } from './cluster-view.js';
import { MESH_GATEWAY } from './mesh-request.js';
import { virtualServiceAppliesTo } from './virtual-service-routing.js';

export function virtualServiceFor(
  virtualServices: readonly VirtualServiceObject[],
  host: string,
  namespace: string,
  gateway = MESH_GATEWAY,
): VirtualServiceObject | undefined {
  const applying = virtualServices.filter((vs) => virtualServiceAppliesTo(vs.spec, host, vs.metadata.namespace ?? namespace, gateway));
  return [...applying].sort(compareAge)[0];
}

function compareAge(a: VirtualServiceObject, b: VirtualServiceObject): number {
  const time = (vs: VirtualServiceObject): number => (vs.metadata.creationTimestamp ? new Date(vs.metadata.creationTimestamp).getTime() : 0);
  return time(a) - time(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}
