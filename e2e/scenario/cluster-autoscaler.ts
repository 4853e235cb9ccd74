// For tests: a HorizontalPodAutoscaler (autoscaling/v2) as a user would commit
// it next to the Deployment. The world's kube-controller-manager runs the HPA
// controller without a metrics API, so it only clamps a target's replicas into
// [minReplicas, maxReplicas], every 15 s (its default sync period), and leaves
// a target with 0 replicas alone (k8s.io/kubernetes pkg/controller/podautoscaler/horizontal.go, reconcileAutoscaler).
import { AutoscalingV2Api, KubeConfig, PatchStrategy, setHeaderOptions, type V2HorizontalPodAutoscaler } from '@kubernetes/client-node';

export interface AutoscalerView {
  readonly name: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** spec.scaleTargetRef.name */
  readonly target: string;
  /** kinds of metadata.ownerReferences, e.g. ['Canary'] */
  readonly ownerKinds: readonly string[];
}

export interface ClusterAutoscalers {
  /** Creates `name` scaling the Deployment `target` on CPU (80 % of requests). */
  create(name: string, target: string, minReplicas: number, maxReplicas: number): Promise<void>;
  setMinReplicas(name: string, minReplicas: number): Promise<void>;
  /** undefined when there is none. */
  read(name: string): Promise<AutoscalerView | undefined>;
}

export function clusterAutoscalers(kubeconfigPath: string, namespace: string): ClusterAutoscalers {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const api = kubeConfig.makeApiClient(AutoscalingV2Api);
  return {
    async create(name, target, minReplicas, maxReplicas) {
      const body: V2HorizontalPodAutoscaler = {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name, namespace },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: target },
          minReplicas,
          maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
        },
      };
      await api.createNamespacedHorizontalPodAutoscaler({ namespace, body });
    },
    async setMinReplicas(name, minReplicas) {
      await api.patchNamespacedHorizontalPodAutoscaler({ namespace, name, body: { spec: { minReplicas } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    },
    async read(name) {
      const found = await api.readNamespacedHorizontalPodAutoscaler({ namespace, name }).catch((error: { code?: number }) => {
        if (error.code === 404) return undefined;
        throw error;
      });
      if (!found) return undefined;
      return {
        name,
        minReplicas: found.spec?.minReplicas ?? 1,
        maxReplicas: found.spec?.maxReplicas ?? 0,
        target: found.spec?.scaleTargetRef.name ?? '',
        ownerKinds: (found.metadata?.ownerReferences ?? []).map((o) => o.kind),
      };
    },
  };
}
