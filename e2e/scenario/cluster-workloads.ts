// For tests: reads and scales the Deployments of a scenario as `kubectl` or
// GitOps would, given only the world's kubeconfig path.
import { AppsV1Api, KubeConfig, PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';

export const REVISION_ANNOTATION = 'songbird.dev/revision';

export interface DeploymentView {
  readonly exists: boolean;
  /** spec.replicas (0 when absent). */
  readonly replicas: number;
  readonly availableReplicas: number;
  /** Rolled out: observedGeneration caught up, every replica updated and available. */
  readonly available: boolean;
  /** The image of the container named `app`. */
  readonly image: string | undefined;
  /** songbird.dev/revision, on the primary. */
  readonly revision: string | undefined;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface ClusterWorkloads {
  deployment(name: string): Promise<DeploymentView>;
  /** Sets spec.replicas with a merge patch, as re-applying a manifest from Git does. */
  setReplicasAsGit(name: string, replicas: number): Promise<void>;
}

export function clusterWorkloads(kubeconfigPath: string, namespace: string): ClusterWorkloads {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  return {
    async deployment(name) {
      const found = await apps.readNamespacedDeployment({ namespace, name }).catch((error: { code?: number }) => {
        if (error.code === 404) return undefined;
        throw error;
      });
      return found ? viewOf(found) : { exists: false, replicas: 0, availableReplicas: 0, available: false, image: undefined, revision: undefined, annotations: {} };
    },
    async setReplicasAsGit(name, replicas) {
      await apps.patchNamespacedDeployment({ namespace, name, body: { spec: { replicas } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    },
  };
}

function viewOf(d: V1Deployment): DeploymentView {
  const replicas = d.spec?.replicas ?? 0;
  const status = d.status ?? {};
  const caughtUp = (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0);
  const available = caughtUp && (status.updatedReplicas ?? 0) === replicas && (status.availableReplicas ?? 0) === replicas && (status.replicas ?? 0) === replicas;
  const annotations = d.metadata?.annotations ?? {};
  return {
    exists: true,
    replicas,
    availableReplicas: status.availableReplicas ?? 0,
    available,
    image: d.spec?.template.spec?.containers.find((c) => c.name === 'app')?.image,
    revision: annotations[REVISION_ANNOTATION],
    annotations,
  };
}
