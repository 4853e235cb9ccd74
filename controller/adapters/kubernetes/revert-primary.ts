// Puts a primary back on the template it ran before (primary-history.ts),
// for a promotion that could not complete: the primary then serves the last
// promoted revision again instead of finishing the rollout of the failed one.
import type { V1PodTemplateSpec } from '@kubernetes/client-node';
import type { DeploymentJson } from './deployment-json-api.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { failed, ok, type KubeResult } from './kubernetes-errors.js';
import { describeController, isOwnedBy, type CanaryRef } from './owner-reference.js';
import { primaryName } from './primary-deployment.js';
import { annotationsWithPrevious, PREVIOUS_REVISION_ANNOTATION, previousTemplate } from './primary-history.js';
import { attempt, readOptional } from './read-optional.js';
import { REVISION_ANNOTATION } from './workload-observation.js';

export interface RevertInput {
  readonly namespace: string;
  readonly canary: CanaryRef;
  readonly targetName: string;
  /** The revision the primary must run, e.g. status.lastPromotedRevision. */
  readonly revision: string;
}

/**
 * Makes `<target>-primary` run `revision`'s template: 'unchanged' when its
 * songbird.dev/revision already is `revision`; 'reverted' when
 * songbird.dev/previous-revision is `revision` (its previous-template becomes
 * spec.template, and the template it replaces becomes the previous one, so a
 * revert can itself be undone); replicas and everything else stay. Errors:
 * notFound (not retryable) naming the revision the primary runs when no
 * template of `revision` is recorded, or when the primary does not exist;
 * notOwned when the Canary does not own it. The replace is conditioned on
 * resourceVersion, with one more try after a conflict.
 */
export async function revertPrimary(clients: KubernetesClients, input: RevertInput): Promise<KubeResult<'reverted' | 'unchanged'>> {
  const outcome = await revertOnce(clients, input);
  return !outcome.ok && outcome.error.code === 'conflict' ? revertOnce(clients, input) : outcome;
}

async function revertOnce(clients: KubernetesClients, { namespace, canary, targetName, revision }: RevertInput): Promise<KubeResult<'reverted' | 'unchanged'>> {
  const name = primaryName(targetName);
  const read = await readOptional(`read Deployment ${namespace}/${name}`, () => clients.deployments.read(namespace, name));
  if (!read.ok) return read;
  const stored = read.value;
  if (!stored) return failed({ code: 'notFound', retryable: false, message: `Deployment ${namespace}/${name} does not exist, so it cannot be put back on revision ${revision}` });
  if (!isOwnedBy(stored.metadata, canary)) {
    return failed({
      code: 'notOwned',
      retryable: false,
      message: `Deployment ${namespace}/${name} does not belong to Canary ${namespace}/${canary.name} (its controller: ${describeController(stored.metadata)}); Songbird will not change its template`,
    });
  }
  const annotations = stored.metadata?.annotations ?? {};
  const running = annotations[REVISION_ANNOTATION];
  if (running === revision) return ok('unchanged');
  const template = previousTemplate(stored, revision);
  if (!template) {
    const recorded = annotations[PREVIOUS_REVISION_ANNOTATION];
    return failed({
      code: 'notFound',
      retryable: false,
      message: `Deployment ${namespace}/${name} runs revision ${running ?? '(none recorded)'} and no template of revision ${revision} is recorded on it (${PREVIOUS_REVISION_ANNOTATION}: ${recorded === undefined ? 'absent' : recorded === revision ? `${revision}, but its template is not a JSON object` : recorded}), so it cannot be put back`,
    });
  }
  const body: DeploymentJson = {
    ...stored,
    metadata: { ...stored.metadata, annotations: annotationsWithPrevious(stored, { ...annotations, [REVISION_ANNOTATION]: revision }, revision) },
    spec: { ...stored.spec!, template: template as V1PodTemplateSpec },
  };
  const replaced = await attempt(`put Deployment ${namespace}/${name} back on revision ${revision}`, () => clients.deployments.replace(namespace, name, body));
  return replaced.ok ? ok('reverted') : replaced;
}
