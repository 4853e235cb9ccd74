// For tests: a ResourceQuota on the number of pods in a namespace. The
// apiserver's ResourceQuota admission refuses a pod that would exceed
// spec.hard (the ReplicaSet controller then records FailedCreate and retries),
// and refuses every pod while the quota's status is not yet computed, so
// create() waits for the resourcequota controller to fill status.used
// (kubernetes.io/docs/concepts/policy/resource-quotas/).
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { eventually } from './cluster-sampler.js';

export interface PodQuota {
  /** status.used.pods as the resourcequota controller counted it. */
  used(): Promise<number>;
}

/** Creates ResourceQuota `name` with hard `pods: <pods>` and waits until its status counts the namespace's pods. */
export async function createPodQuota(kubeconfigPath: string, namespace: string, name: string, pods: number): Promise<PodQuota> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  await core.createNamespacedResourceQuota({ namespace, body: { metadata: { name, namespace }, spec: { hard: { pods: String(pods) } } } });
  const used = async () => {
    const quota = await core.readNamespacedResourceQuota({ namespace, name });
    const value = quota.status?.used?.['pods'];
    return value === undefined ? Number.NaN : Number(value);
  };
  await eventually(`ResourceQuota ${namespace}/${name} to be counted`, async () => (Number.isNaN(await used()) ? undefined : true), 60_000);
  return { used };
}
