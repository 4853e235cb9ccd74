// Which traffic a VirtualService (or one match entry) binds to, as Istio reads
// `gateways`: absent or empty means `mesh` (sidecars) only; otherwise the
// listed gateways, `mesh` among them for sidecar traffic. A gateway written
// without a namespace is in the VirtualService's namespace.
// Source: https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService (gateways)
import { MESH_GATEWAY } from './mesh-request.js';

/** True when `entry` (`mesh` or `<namespace>/<name>`) is one of `gateways`; `undefined` lists mean `defaultList`. */
export function gatewayListed(gateways: readonly string[] | undefined, entry: string, namespace: string, defaultList: readonly string[] = [MESH_GATEWAY]): boolean {
  const list = gateways && gateways.length > 0 ? gateways : defaultList;
  return list.some((gateway) => qualified(gateway, namespace) === entry);
}

function qualified(gateway: string, namespace: string): string {
  return gateway === MESH_GATEWAY || gateway.includes('/') ? gateway : `${namespace}/${gateway}`;
}
