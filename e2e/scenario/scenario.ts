import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions, type CoreV1Event } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../../controller/schema/canary.js';
import { canaryStatusWatch } from './canary-status-watch.js';
import type { CanarySpecInput } from '../../controller/schema/canary-spec.js';
import type { CanaryStatus, Phase } from '../../controller/schema/canary-status.js';
import { startMesh, type KubernetesMesh } from '../mesh/mesh.js';
import { appDeployment, type AppVersion } from './app-objects.js';
import { applyCrd } from './apply-crd.js';

export interface ScenarioOptions {
  kubeconfigPath: string;
  /** Replaces the Prometheus scrape targets with this scenario's mesh. */
  setScrapeTargets(targets: string[]): Promise<void>;
  namespace: string;
  app?: string;
  version: AppVersion;
  canary: Omit<CanarySpecInput, 'targetRef'>;
  internalRps: number;
  customerRps: number;
  seed?: number;
  /** Objects to create before the Canary (e.g. Secrets). */
  secrets?: Record<string, Record<string, string>>;
}

export interface Scenario {
  namespace: string;
  app: string;
  mesh: KubernetesMesh;
  status(): Promise<CanaryStatus>;
  waitForPhase(phases: Phase[], timeoutMs: number, after?: (s: CanaryStatus) => boolean): Promise<CanaryStatus>;
  waitFor(what: string, predicate: (s: CanaryStatus) => boolean, timeoutMs: number): Promise<CanaryStatus>;
  ship(version: AppVersion): Promise<void>;
  patchCanary(patch: unknown): Promise<void>;
  events(): Promise<CoreV1Event[]>;
  virtualService(): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * One application in its own namespace of the shared world: its Deployment,
 * the mesh sending internal and customer traffic to it, and its Canary.
 */
export async function startScenario(options: ScenarioOptions): Promise<Scenario> {
  const app = options.app ?? 'podinfo';
  const { namespace } = options;
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(options.kubeconfigPath);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);

  await applyCrd(options.kubeconfigPath);
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  for (const [name, data] of Object.entries(options.secrets ?? {})) {
    await core.createNamespacedSecret({ namespace, body: { metadata: { name }, stringData: data } });
  }
  await apps.createNamespacedDeployment({ namespace, body: appDeployment(namespace, app, options.version) });
  const mesh = await startMesh({
    kubeconfigPath: options.kubeconfigPath,
    namespace,
    host: app,
    internalRps: options.internalRps,
    customerRps: options.customerRps,
    seed: options.seed ?? 7,
    maxDurationMs: 15 * 60_000,
    pollIntervalMs: 250,
  });
  await options.setScrapeTargets([mesh.metricsTarget]);
  await custom.createNamespacedCustomObject({
    group: GROUP,
    version: VERSION,
    namespace,
    plural: PLURAL,
    body: { apiVersion: `${GROUP}/${VERSION}`, kind: 'Canary', metadata: { name: app, namespace }, spec: { targetRef: { name: app }, ...options.canary } },
  });

  const { status, waitFor } = canaryStatusWatch(custom, namespace, app);

  return {
    namespace,
    app,
    mesh,
    status,
    waitFor,
    waitForPhase: (phases, timeoutMs, after = () => true) => waitFor(`phase ${phases.join('|')}`, (s) => phases.includes(s.phase!) && after(s), timeoutMs),
    async ship(version) {
      const template = appDeployment(namespace, app, version).spec!.template;
      await apps.patchNamespacedDeployment(
        { namespace, name: app, body: { spec: { template } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    },
    async patchCanary(patch) {
      await custom.patchNamespacedCustomObject(
        { group: GROUP, version: VERSION, namespace, plural: PLURAL, name: app, body: patch },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    },
    async events() {
      const list = await core.listNamespacedEvent({ namespace });
      return list.items;
    },
    async virtualService() {
      return custom.getNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', namespace, plural: 'virtualservices', name: app });
    },
    async stop() {
      await mesh.stop();
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    },
  };
}
