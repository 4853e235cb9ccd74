import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';

/** The field manager Argo CD's server-side apply uses. */
export const GITOPS_FIELD_MANAGER = 'argocd-controller';

/**
 * Applies manifests as Argo CD self-heal (with ServerSideApply=true) and Flux
 * do: a server-side apply of each object as Git has it, forcing conflicts, so
 * every field the manifest sets goes back to Git's value.
 * Source: https://kubernetes.io/docs/reference/using-api/server-side-apply/
 */
export async function applyAsGitOps(kubeConfig: KubeConfig, objects: readonly KubernetesObject[]): Promise<void> {
  const client = KubernetesObjectApi.makeApiClient(kubeConfig);
  for (const object of objects) {
    await client.patch(object, undefined, undefined, GITOPS_FIELD_MANAGER, true, PatchStrategy.ServerSideApply);
  }
}
