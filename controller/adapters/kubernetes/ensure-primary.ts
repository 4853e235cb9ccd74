// Creates or updates `<target>-primary` so it runs the given template at the
// given scale. Writes only when the revision or the replicas differ. Replacing
// the template of another revision records that one as the previous
// (songbird.dev/previous-revision and -template), for revertPrimary. Both
// Deployments are read and written as raw JSON (deployment-json-api.ts), so
// every field of the template, known to client-node or not, reaches the primary.
import type { DeploymentJson } from './deployment-json-api.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { failed, ok, type KubeResult } from './kubernetes-errors.js';
import { describeController, isOwnedBy } from './owner-reference.js';
import { planPrimaryDeployment, primaryIsCurrent, primaryName, type PrimaryInput } from './primary-deployment.js';
import { annotationsWithPrevious } from './primary-history.js';
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
  const target = await readOptional(`read Deployment ${namespace}/${targetName}`, () => clients.deployments.read(namespace, targetName));
  if (!target.ok) return target;
  if (!target.value) {
    return failed({ code: 'notFound', retryable: true, message: `The target Deployment ${namespace}/${targetName} does not exist, so its primary cannot be built` });
  }
  const desired = planPrimaryDeployment(input, target.value);
  if (!desired.ok) return desired;

  const existing = await readOptional(`read Deployment ${namespace}/${name}`, () => clients.deployments.read(namespace, name));
  if (!existing.ok) return existing;
  if (!existing.value) {
    const created = await attempt(`create Deployment ${namespace}/${name}`, () => clients.deployments.create(namespace, desired.value));
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
    clients.deployments.replace(namespace, name, mergeInto(existing.value!, desired.value, input.revision)),
  );
  return updated.ok ? ok('updated') : updated;
}

/**
 * The desired primary over the existing object: keeps its resourceVersion (the
 * replace's precondition), foreign labels, annotations and owners; a template
 * of another revision is recorded as the previous one (primary-history.ts).
 */
function mergeInto(existing: DeploymentJson, desired: DeploymentJson, revision: string): DeploymentJson {
  const owners = existing.metadata?.ownerReferences ?? [];
  const ours = desired.metadata!.ownerReferences![0]!;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...existing.metadata,
      labels: { ...(existing.metadata?.labels ?? {}), ...desired.metadata!.labels },
      annotations: annotationsWithPrevious(existing, { ...(existing.metadata?.annotations ?? {}), ...desired.metadata!.annotations }, revision),
      ownerReferences: owners.some((o) => o.uid === ours.uid) ? owners : [...owners, ours],
    },
    spec: desired.spec!,
  };
}
