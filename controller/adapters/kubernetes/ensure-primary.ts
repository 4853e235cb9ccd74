// Creates or updates `<target>-primary` so it runs the given template at the
// given scale. Writes only when the revision or the replicas differ.
import type { V1Deployment } from '@kubernetes/client-node';
import type { KubernetesClients } from './kubernetes-clients.js';
import { failed, ok, type KubeResult } from './kubernetes-errors.js';
import { describeController, isOwnedBy } from './owner-reference.js';
import { planPrimaryDeployment, primaryIsCurrent, primaryName, type PrimaryInput } from './primary-deployment.js';
import { attempt, readOptional } from './read-optional.js';

export type EnsureOutcome = 'created' | 'updated' | 'unchanged';

export async function ensurePrimary(clients: KubernetesClients, input: PrimaryInput): Promise<KubeResult<EnsureOutcome>> {
  const outcome = await ensurePrimaryOnce(clients, input);
  // Someone wrote the primary between our read and our write: read again, once.
  if (!outcome.ok && (outcome.error.code === 'conflict' || outcome.error.code === 'alreadyExists')) return ensurePrimaryOnce(clients, input);
  return outcome;
}

async function ensurePrimaryOnce(clients: KubernetesClients, input: PrimaryInput): Promise<KubeResult<EnsureOutcome>> {
  const { namespace, targetName } = input;
  const name = primaryName(targetName);
  const target = await readOptional(`read Deployment ${namespace}/${targetName}`, () =>
    clients.apps.readNamespacedDeployment({ name: targetName, namespace }),
  );
  if (!target.ok) return target;
  if (!target.value) {
    return failed({ code: 'notFound', retryable: true, message: `The target Deployment ${namespace}/${targetName} does not exist, so its primary cannot be built` });
  }
  const desired = planPrimaryDeployment(input, target.value);
  if (!desired.ok) return desired;

  const existing = await readOptional(`read Deployment ${namespace}/${name}`, () => clients.apps.readNamespacedDeployment({ name, namespace }));
  if (!existing.ok) return existing;
  if (!existing.value) {
    const created = await attempt(`create Deployment ${namespace}/${name}`, () =>
      clients.apps.createNamespacedDeployment({ namespace, body: desired.value }),
    );
    return created.ok ? ok('created') : created;
  }
  if (!isOwnedBy(existing.value.metadata, input.canary)) {
    return failed({
      code: 'notOwned',
      retryable: false,
      message: `Deployment ${namespace}/${name} exists but does not belong to Canary ${namespace}/${input.canary.name} (its controller: ${describeController(existing.value.metadata)}); Songbird will not overwrite it`,
    });
  }
  if (primaryIsCurrent(existing.value, input)) return ok('unchanged');
  const updated = await attempt(`update Deployment ${namespace}/${name}`, () =>
    clients.apps.replaceNamespacedDeployment({ name, namespace, body: mergeInto(existing.value!, desired.value) }),
  );
  return updated.ok ? ok('updated') : updated;
}

/** The desired primary over the existing object: keeps its resourceVersion, foreign labels, annotations and owners. */
function mergeInto(existing: V1Deployment, desired: V1Deployment): V1Deployment {
  const owners = existing.metadata?.ownerReferences ?? [];
  const ours = desired.metadata!.ownerReferences![0]!;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...existing.metadata,
      labels: { ...(existing.metadata?.labels ?? {}), ...desired.metadata!.labels },
      annotations: { ...(existing.metadata?.annotations ?? {}), ...desired.metadata!.annotations },
      ownerReferences: owners.some((o) => o.uid === ours.uid) ? owners : [...owners, ours],
    },
    spec: desired.spec!,
  };
}
