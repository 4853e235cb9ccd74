// ClusterView over a real kube-apiserver: lists VirtualServices,
// DestinationRules, HTTPRoutes and Services, then Deployments, of one namespace every
// pollIntervalMs, and takes the four lists at once. A failed list keeps the previous objects of that kind and
// is reported as a value by lastErrors(); missing Istio or Gateway API CRDs read as none.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, type V1Deployment, type V1Service } from '@kubernetes/client-node';
import type { ClusterView, DestinationRuleObject, HttpRouteObject, VirtualServiceObject } from './cluster-view.js';

export interface ClusterReadError {
  readonly code: 'list-failed';
  readonly kind: 'virtualservices' | 'destinationrules' | 'httproutes' | 'services' | 'deployments';
  readonly message: string;
  readonly retryable: true;
  readonly cause: unknown;
}

export interface KubernetesClusterView extends ClusterView {
  /** Lists every kind once now; resolves with the errors of this round (empty when all succeeded). */
  refresh(): Promise<readonly ClusterReadError[]>;
  lastErrors(): readonly ClusterReadError[];
  stop(): void;
}

export interface KubernetesClusterViewOptions {
  readonly kubeconfigPath: string;
  readonly namespace: string;
  readonly pollIntervalMs?: number;
}

const ISTIO_GROUP = 'networking.istio.io';
const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';

export async function startKubernetesClusterView(options: KubernetesClusterViewOptions): Promise<KubernetesClusterView> {
  const config = new KubeConfig();
  config.loadFromFile(options.kubeconfigPath);
  const core = config.makeApiClient(CoreV1Api);
  const apps = config.makeApiClient(AppsV1Api);
  const custom = config.makeApiClient(CustomObjectsApi);
  const { namespace } = options;

  let virtualServices: readonly VirtualServiceObject[] = [];
  let destinationRules: readonly DestinationRuleObject[] = [];
  let httpRoutes: readonly HttpRouteObject[] = [];
  let services: readonly V1Service[] = [];
  let deployments: readonly V1Deployment[] = [];
  let errors: readonly ClusterReadError[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const customList = async <T>(plural: string, group = ISTIO_GROUP): Promise<readonly T[]> => {
    try {
      const list = (await custom.listNamespacedCustomObject({ group, version: 'v1', namespace, plural })) as { items?: T[] };
      return list.items ?? [];
    } catch (error) {
      if ((error as { code?: number }).code === 404) return [];
      throw error;
    }
  };

  const refresh = async (): Promise<readonly ClusterReadError[]> => {
    const round: ClusterReadError[] = [];
    const read = async <T>(kind: ClusterReadError['kind'], list: () => Promise<readonly T[]>): Promise<readonly T[] | undefined> => {
      try {
        return await list();
      } catch (cause) {
        round.push({ code: 'list-failed', kind, message: `listing ${kind} in ${namespace} failed: ${String(cause)}`, retryable: true, cause });
        return undefined;
      }
    };
    // One snapshot per round, routes before workloads: the Deployments are listed after the objects that route
    // to them and everything is taken at once, so a route is never served against workloads older than it (an
    // Envoy has the endpoints of pods that were ready before a route to them existed). Parallel lists mixed a
    // new VirtualService with Deployments from before the primary was ready.
    const [vs, dr, routes, svc] = await Promise.all([
      read('virtualservices', () => customList<VirtualServiceObject>('virtualservices')),
      read('destinationrules', () => customList<DestinationRuleObject>('destinationrules')),
      read('httproutes', () => customList<HttpRouteObject>('httproutes', GATEWAY_API_GROUP)),
      read('services', async () => (await core.listNamespacedService({ namespace })).items),
    ]);
    const deploys = await read('deployments', async () => (await apps.listNamespacedDeployment({ namespace })).items);
    if (vs) virtualServices = vs;
    if (dr) destinationRules = dr;
    if (routes) httpRoutes = routes;
    if (svc) services = svc;
    if (deploys) deployments = deploys;
    errors = round;
    return round;
  };

  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      void refresh().finally(schedule);
    }, options.pollIntervalMs ?? 500);
  };

  await refresh();
  schedule();
  return {
    namespace,
    virtualServices: () => virtualServices,
    destinationRules: () => destinationRules,
    httpRoutes: () => httpRoutes,
    services: () => services,
    deployments: () => deployments,
    refresh,
    lastErrors: () => errors,
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
