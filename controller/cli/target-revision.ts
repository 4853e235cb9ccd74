// The revision the controller would roll out for a Canary: its target
// Deployment (spec.targetRef) read as the apiserver's raw JSON and hashed by
// the controller's own code (observeDeployment → podTemplateRevision), so the
// CLI and status.canaryRevision / lastPromotedRevision / failedRevision always
// name a template the same way.
import type { KubeConfig } from '@kubernetes/client-node';
import { makeDeploymentJsonApi, type DeploymentJsonApi } from '../adapters/kubernetes/deployment-json-api.js';
import { makeSendJson } from '../adapters/kubernetes/json-request.js';
import { failed, ok, type KubeResult } from '../adapters/kubernetes/kubernetes-errors.js';
import { readOptional } from '../adapters/kubernetes/read-optional.js';
import { observeDeployment } from '../adapters/kubernetes/workload-observation.js';

/** Reads the pod-template revision of Deployment `namespace/name`. */
export type TargetRevisionReader = (namespace: string, name: string) => Promise<KubeResult<string>>;

/**
 * A reader over the kubeconfig's cluster. The answer is the 10-hex-character
 * revision the controller computes for the Deployment's spec.template; a
 * missing Deployment is a `notFound` error naming it and the Canary field
 * that points at it; other failures are the apiserver's, naming the read.
 */
export function targetRevisionReader(kubeConfig: KubeConfig): TargetRevisionReader {
  return readTargetRevision(makeDeploymentJsonApi(makeSendJson(kubeConfig)));
}

/** As targetRevisionReader, over any DeploymentJsonApi. */
export function readTargetRevision(deployments: DeploymentJsonApi): TargetRevisionReader {
  return async (namespace, name) => {
    const read = await readOptional(`read Deployment ${namespace}/${name} (the Canary's spec.targetRef)`, () => deployments.read(namespace, name));
    if (!read.ok) return read;
    const revision = observeDeployment(read.value, 'template').revision;
    if (read.value === undefined || revision === undefined) {
      return failed({
        code: 'notFound',
        retryable: false,
        message: `Deployment ${namespace}/${name} (the Canary's spec.targetRef) was not found: create it, or fix spec.targetRef.name`,
      });
    }
    return ok(revision);
  };
}
