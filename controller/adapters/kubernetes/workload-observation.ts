// What a Deployment looks like to the core: exists, revision, template,
// replicas and whether the rollout of its template is complete.
import type { DeploymentJson } from './deployment-json-api.js';
import type { PodTemplate, WorkloadObservation } from '../../core/observations.js';
import { podTemplateRevision } from './pod-template-revision.js';

export const REVISION_ANNOTATION = 'songbird.dev/revision';

export const MISSING_WORKLOAD: WorkloadObservation = { exists: false, replicas: 0, available: false };

/**
 * Every replica of the current template is updated and available, and no old
 * pod is left: observedGeneration >= generation and
 * updatedReplicas == availableReplicas == status.replicas == spec.replicas.
 *
 * Chosen for zero: a Deployment with spec.replicas 0 is `available` once the
 * controller observed it and its last pod is gone ("scaled to zero is done").
 * It does NOT mean it can serve: callers that need serving capacity must also
 * check `replicas > 0`.
 */
export function deploymentAvailable(deployment: DeploymentJson): boolean {
  const wanted = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const observed = (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  return (
    observed &&
    (status.updatedReplicas ?? 0) === wanted &&
    (status.availableReplicas ?? 0) === wanted &&
    (status.replicas ?? 0) === wanted
  );
}

export type RevisionSource = 'template' | 'annotation';

/** `template`: the hash of the pod template (the target); `annotation`: songbird.dev/revision (the primary). */
export function observeDeployment(deployment: DeploymentJson | undefined, revisionFrom: RevisionSource): WorkloadObservation {
  if (!deployment) return MISSING_WORKLOAD;
  const template = deployment.spec?.template as PodTemplate | undefined;
  const revision = revisionFrom === 'template' ? podTemplateRevision(template) : deployment.metadata?.annotations?.[REVISION_ANNOTATION];
  const selector = deployment.spec?.selector?.matchLabels;
  return {
    exists: true,
    ...(revision === undefined ? {} : { revision }),
    ...(template === undefined ? {} : { template }),
    ...(selector === undefined ? {} : { selector: { ...selector } }),
    replicas: deployment.spec?.replicas ?? 1,
    available: deploymentAvailable(deployment),
  };
}
