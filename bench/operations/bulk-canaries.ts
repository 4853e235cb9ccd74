// Many Canaries at once, each with its own Deployment, spread over
// namespaces of `perNamespace`, created with a bounded number of requests in
// flight (the apiserver's priority and fairness would queue a flood anyway),
// and a count of how many are Initialized.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../../controller/schema/canary.js';
import { appDeployment } from '../../e2e/scenario/app-objects.js';
import { quickRollout } from '../../e2e/scenario/rollout-spec.js';

export interface BulkCanaries {
  readonly namespaces: readonly string[];
  readonly count: number;
}

export interface BulkOptions {
  /** Namespaces are `<prefix>-<index>`. */
  readonly prefix: string;
  readonly count: number;
  readonly perNamespace: number;
  /** spec.replicas of each target Deployment as Git has it. */
  readonly replicas: number;
  /** Requests in flight at most (default 16). */
  readonly concurrency?: number;
}

/** Runs `work` over `items` with at most `limit` at a time; rejects with the first error. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

const appName = (index: number) => `app-${String(index).padStart(4, '0')}`;

/** Creates the namespaces, then every Deployment, then every Canary (quickRollout's spec). */
export async function createBulkCanaries(kubeConfig: KubeConfig, options: BulkOptions): Promise<BulkCanaries> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const limit = options.concurrency ?? 16;
  const items = Array.from({ length: options.count }, (_, i) => ({
    namespace: `${options.prefix}-${Math.floor(i / options.perNamespace)}`,
    name: appName(i),
  }));
  const namespaces = [...new Set(items.map((i) => i.namespace))];
  await eachLimited(namespaces, limit, (name) => core.createNamespace({ body: { metadata: { name } } }));
  await eachLimited(items, limit, ({ namespace, name }) =>
    apps.createNamespacedDeployment({ namespace, body: appDeployment(namespace, name, { tag: '1.0.0' }, options.replicas) }),
  );
  await eachLimited(items, limit, ({ namespace, name }) =>
    custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural: PLURAL,
      body: { apiVersion: `${GROUP}/${VERSION}`, kind: 'Canary', metadata: { name, namespace }, spec: { targetRef: { name }, ...quickRollout() } },
    }),
  );
  return { namespaces, count: options.count };
}

/** Canaries whose status.phase is Initialized or Succeeded, over all namespaces, and how many there are. */
export async function countInitialized(custom: CustomObjectsApi): Promise<{ initialized: number; total: number; phases: Record<string, number> }> {
  const list = (await custom.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL })) as { items: Array<{ status?: { phase?: string } }> };
  const phases: Record<string, number> = {};
  for (const item of list.items) {
    const phase = item.status?.phase ?? 'none';
    phases[phase] = (phases[phase] ?? 0) + 1;
  }
  return { initialized: (phases['Initialized'] ?? 0) + (phases['Succeeded'] ?? 0), total: list.items.length, phases };
}
