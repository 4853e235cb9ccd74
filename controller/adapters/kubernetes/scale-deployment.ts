// Sets a Deployment's replicas through its scale subresource; no write when
// it already has that many.
import type { KubernetesClients } from './kubernetes-clients.js';
import { mergePatch } from './kubernetes-clients.js';
import { ok, type KubeResult } from './kubernetes-errors.js';
import { attempt } from './read-optional.js';

export async function scaleDeployment(
  clients: KubernetesClients,
  namespace: string,
  name: string,
  replicas: number,
): Promise<KubeResult<'scaled' | 'unchanged'>> {
  const scale = await attempt(`read the scale of Deployment ${namespace}/${name}`, () =>
    clients.apps.readNamespacedDeploymentScale({ name, namespace }),
  );
  if (!scale.ok) return scale;
  if ((scale.value.spec?.replicas ?? 0) === replicas) return ok('unchanged');
  const patched = await attempt(`scale Deployment ${namespace}/${name} to ${replicas}`, () =>
    clients.apps.patchNamespacedDeploymentScale({ name, namespace, body: { spec: { replicas } } }, mergePatch()),
  );
  return patched.ok ? ok('scaled') : patched;
}
