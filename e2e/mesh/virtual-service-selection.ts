// Which VirtualService governs a host for sidecar traffic: Istio uses the
// oldest one that applies (by creation time, then name).
import type { VirtualServiceObject } from './cluster-view.js';
import { virtualServiceAppliesTo } from './virtual-service-routing.js';

export function virtualServiceFor(
  virtualServices: readonly VirtualServiceObject[],
  host: string,
  namespace: string,
): VirtualServiceObject | undefined {
  const applying = virtualServices.filter((vs) => virtualServiceAppliesTo(vs.spec, host, vs.metadata.namespace ?? namespace));
  return [...applying].sort(compareAge)[0];
}

function compareAge(a: VirtualServiceObject, b: VirtualServiceObject): number {
  const time = (vs: VirtualServiceObject): number => (vs.metadata.creationTimestamp ? new Date(vs.metadata.creationTimestamp).getTime() : 0);
  return time(a) - time(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}
