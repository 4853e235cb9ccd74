// The typed API clients every Kubernetes adapter function uses, made once
// from the KubeConfig the runtime passes in.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';

export interface KubernetesClients {
  readonly kubeConfig: KubeConfig;
  readonly apps: AppsV1Api;
  readonly core: CoreV1Api;
  readonly custom: CustomObjectsApi;
}

export function makeKubernetesClients(kubeConfig: KubeConfig): KubernetesClients {
  return {
    kubeConfig,
    apps: kubeConfig.makeApiClient(AppsV1Api),
    core: kubeConfig.makeApiClient(CoreV1Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
  };
}

/** Request options that send a patch body as a JSON merge patch. */
export const mergePatch = () => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
/** Request options that send a patch body as a JSON patch (RFC 6902). */
export const jsonPatch = () => setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
