import {
  AppsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type CoreV1Event,
  type KubernetesObject,
  type V1Deployment,
  type V1Service,
} from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../../controller/schema/canary.js';
import { canaryStatusWatch } from './canary-status-watch.js';
import type { CanarySpecInput } from '../../controller/schema/canary-spec.js';
import type { CanaryStatus, Phase } from '../../controller/schema/canary-status.js';
import { startMesh, type KubernetesMesh } from '../mesh/mesh.js';
import { appDeployment, type AppVersion } from './app-objects.js';
import { applyCrd } from './apply-crd.js';
import { applyAsGitOps } from './gitops-apply.js';

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
  /** The target's replicas as Git has them (default 2). */
  replicas?: number;
  /** Objects GitOps shipped before the Canary (e.g. the app's own Service, a VirtualService), created before the mesh starts. */
  objectsBeforeCanary?: KubernetesObject[];
  /** Leave the Canary out until createCanary() (e.g. to let traffic flow through an existing Service first). */
  deferCanary?: boolean;
}

/** A Canary as stored, or the parts of it tests read. */
export interface CanaryObject {
  metadata: { name: string; uid?: string; finalizers?: string[]; deletionTimestamp?: string };
  status?: unknown;
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
  /** Creates the Canary (only with deferCanary). */
  createCanary(): Promise<void>;
  /** The Canary's manifest as Git has it. */
  canaryManifest(): KubernetesObject & { spec: unknown };
  /** The target Deployment's manifest as Git has it, at `version` with `replicas` (default: the scenario's). */
  deploymentManifest(version: AppVersion, replicas?: number): V1Deployment;
  /** Server-side apply of manifests as Argo CD self-heal or Flux would (see gitops-apply.ts). */
  applyAsGitOps(objects: readonly KubernetesObject[]): Promise<void>;
  /** The Canary as stored; undefined once it is gone. */
  canary(): Promise<CanaryObject | undefined>;
  deleteCanary(): Promise<void>;
  deleteTarget(): Promise<void>;
  scaleTarget(replicas: number): Promise<void>;
  /** A Deployment of the namespace; undefined when absent. */
  deployment(name: string): Promise<V1Deployment | undefined>;
  /** A Service of the namespace; undefined when absent. */
  service(name: string): Promise<V1Service | undefined>;
  /** A VirtualService of the namespace by name; undefined when absent. */
  virtualServiceNamed(name: string): Promise<{ metadata: { ownerReferences?: unknown[]; annotations?: Record<string, string> }; spec: unknown } | undefined>;
  /** Clients for what a test or bench needs beyond these (e.g. a ResourceQuota). */
  readonly kube: { core: CoreV1Api; apps: AppsV1Api; custom: CustomObjectsApi; kubeConfig: KubeConfig };
  stop(): Promise<void>;
}

/** undefined on 404, the value otherwise; other errors are thrown. */
async function absentOn404<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
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
  const replicas = options.replicas ?? 2;
  await apps.createNamespacedDeployment({ namespace, body: appDeployment(namespace, app, options.version, replicas) });
  const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
  for (const object of options.objectsBeforeCanary ?? []) {
    await objects.create({ ...object, metadata: { ...object.metadata, namespace } });
  }
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
  const canaryManifest = () => ({ apiVersion: `${GROUP}/${VERSION}`, kind: 'Canary', metadata: { name: app, namespace }, spec: { targetRef: { name: app }, ...options.canary } });
  const createCanary = async () => {
    await custom.createNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: PLURAL, body: canaryManifest() });
  };
  if (!options.deferCanary) await createCanary();

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
    createCanary,
    canaryManifest,
    deploymentManifest: (version, count = replicas) => appDeployment(namespace, app, version, count),
    applyAsGitOps: (manifests) => applyAsGitOps(kubeConfig, manifests),
    canary: () => absentOn404(async () => (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: PLURAL, name: app })) as CanaryObject),
    async deleteCanary() {
      await custom.deleteNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: PLURAL, name: app });
    },
    async deleteTarget() {
      await apps.deleteNamespacedDeployment({ namespace, name: app });
    },
    async scaleTarget(count) {
      await apps.patchNamespacedDeploymentScale(
        { namespace, name: app, body: { spec: { replicas: count } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
    },
    deployment: (name) => absentOn404(() => apps.readNamespacedDeployment({ namespace, name })),
    service: (name) => absentOn404(() => core.readNamespacedService({ namespace, name })),
    virtualServiceNamed: (name) =>
      absentOn404(async () => (await custom.getNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', namespace, plural: 'virtualservices', name })) as never),
    kube: { core, apps, custom, kubeConfig },
    async stop() {
      await mesh.stop();
      // The controller is stopped first; a finalizer left on the Canary would hold the namespace in Terminating.
      await custom
        .patchNamespacedCustomObject(
          { group: GROUP, version: VERSION, namespace, plural: PLURAL, name: app, body: { metadata: { finalizers: null } } },
          setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
        )
        .catch(() => undefined);
      await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    },
  };
}
