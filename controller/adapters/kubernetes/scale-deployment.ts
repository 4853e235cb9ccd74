// Sets a Deployment's replicas through its scale subresource; no write when
// it already has that many.
import type { KubernetesClients } from './kubernetes-clients.js';
import { mergePatch } from './kubernetes-clients.js';
import { ok, type KubeResult } from './kubernetes-errors.js';
import { attempt } from './read-optional.js';

/**
 * Scales Deployment `namespace/name` to `replicas`. With `from` (the replicas
 * the caller observed), a scale someone else changed since (Git, a person) is
 * left alone ('changedElsewhere': the next observation sees it), and the
 * patch carries the scale's resourceVersion, so a change between the read
 * and the write is never overwritten: on a 409 it reads and decides again, up
 * to 3 times, then answers `conflict`.
 */
export async function scaleDeployment(
  clients: KubernetesClients,
  namespace: string,
  name: string,
  replicas: number,
  from?: number,
): Promise<KubeResult<'scaled' | 'unchanged' | 'changedElsewhere'>> {
  // The Deployment controller's status writes also move the resourceVersion, so a 409 is
  // common and usually harmless: read again and decide again (client-go's RetryOnConflict).
  for (let attemptNo = 1; ; attemptNo++) {
    const once = await scaleOnce(clients, namespace, name, replicas, from);
    if (once.ok || once.error.code !== 'conflict' || attemptNo >= CONFLICT_ATTEMPTS) return once;
  }
}

const CONFLICT_ATTEMPTS = 3;

async function scaleOnce(clients: KubernetesClients, namespace: string, name: string, replicas: number, from: number | undefined): Promise<KubeResult<'scaled' | 'unchanged' | 'changedElsewhere'>> {
  const scale = await attempt(`read the scale of Deployment ${namespace}/${name}`, () =>
    clients.apps.readNamespacedDeploymentScale({ name, namespace }),
  );
  if (!scale.ok) return scale;
  const current = scale.value.spec?.replicas ?? 0;
  if (current === replicas) return ok('unchanged');
  if (from !== undefined && current !== from) return ok('changedElsewhere');
  const resourceVersion = scale.value.metadata?.resourceVersion;
  const body = { ...(resourceVersion ? { metadata: { resourceVersion } } : {}), spec: { replicas } };
  const patched = await attempt(`scale Deployment ${namespace}/${name} to ${replicas}`, () =>
    clients.apps.patchNamespacedDeploymentScale({ name, namespace, body }, mergePatch()),
  );
  return patched.ok ? ok('scaled') : patched;
}
