// For tests: VirtualServices as users write them beside Songbird's, given only
// the world's kubeconfig path. Istio's validating webhook in the world checks
// every write, as istiod would.
import { CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

export interface RouteView {
  readonly name?: string;
  readonly match?: unknown[];
  readonly route?: ReadonlyArray<{ readonly destination: { readonly host: string }; readonly weight?: number }>;
}

export interface VirtualServiceView {
  readonly name: string;
  readonly creationTimestamp?: string;
  readonly http: readonly RouteView[];
}

export interface ClusterVirtualServices {
  /** undefined when there is none. */
  read(name: string): Promise<VirtualServiceView | undefined>;
  /** A user's VirtualService for `host`, bound to the mesh, sending everything to `destination` on `port`. */
  createForeign(name: string, host: string, destination: string, port: number): Promise<void>;
  /** Puts `route` first in VirtualService `name` (JSON patch `add /spec/http/0`). */
  prependRoute(name: string, route: RouteView & { name: string }): Promise<void>;
  /** Removes the http route named `routeName` from `name`, checking its place with a JSON patch `test`. */
  removeRoute(name: string, routeName: string): Promise<void>;
  remove(name: string): Promise<void>;
}

const VS = { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' } as const;

export function clusterVirtualServices(kubeconfigPath: string, namespace: string): ClusterVirtualServices {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const read = async (name: string): Promise<VirtualServiceView | undefined> => {
    const found = (await custom.getNamespacedCustomObject({ ...VS, namespace, name }).catch((error: { code?: number }) => {
      if (error.code === 404) return undefined;
      throw error;
    })) as { metadata: { name: string; creationTimestamp?: string }; spec?: { http?: RouteView[] } } | undefined;
    return found ? { name: found.metadata.name, creationTimestamp: found.metadata.creationTimestamp, http: found.spec?.http ?? [] } : undefined;
  };
  return {
    read,
    async createForeign(name, host, destination, port) {
      await custom.createNamespacedCustomObject({
        ...VS,
        namespace,
        body: {
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name, namespace, labels: { team: 'shop' } },
          spec: { hosts: [host], http: [{ name: 'all', route: [{ destination: { host: destination, port: { number: port } } }] }] },
        },
      });
    },
    async prependRoute(name, route) {
      await custom.patchNamespacedCustomObject(
        { ...VS, namespace, name, body: [{ op: 'add', path: '/spec/http/0', value: route }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      );
    },
    async removeRoute(name, routeName) {
      const current = await read(name);
      const index = current?.http.findIndex((r) => r.name === routeName) ?? -1;
      if (index < 0) return;
      await custom.patchNamespacedCustomObject(
        { ...VS, namespace, name, body: [{ op: 'test', path: `/spec/http/${index}/name`, value: routeName }, { op: 'remove', path: `/spec/http/${index}` }] },
        setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
      );
    },
    async remove(name) {
      await custom.deleteNamespacedCustomObject({ ...VS, namespace, name });
    },
  };
}

/** The weight a VirtualService's routes send to `host` for customers (routes without `match`); internal routes (with `match`) are listed apart. */
export function weightsTo(vs: VirtualServiceView | undefined, host: string): { customers: number; matched: number } {
  let customers = 0;
  let matched = 0;
  for (const route of vs?.http ?? []) {
    const weight = (route.route ?? []).filter((d) => d.destination.host === host).reduce((sum, d) => sum + (d.weight ?? ((route.route ?? []).length === 1 ? 100 : 0)), 0);
    if (route.match?.length) matched += weight;
    else customers += weight;
  }
  return { customers, matched };
}
