// Reads the target Deployment and its primary, as raw JSON (every template
// field, known to client-node or not, is in the observed template and its
// hash). A missing Deployment is an observation (exists: false), not an error.
import type { WorkloadObservation } from '../../core/observations.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { ok, type KubeResult } from './kubernetes-errors.js';
import { primaryName } from './primary-deployment.js';
import { readOptional } from './read-optional.js';
import { observeDeployment } from './workload-observation.js';

export interface Workloads {
  readonly target: WorkloadObservation;
  readonly primary: WorkloadObservation;
}

export async function observeWorkloads(clients: KubernetesClients, namespace: string, targetName: string): Promise<KubeResult<Workloads>> {
  const name = primaryName(targetName);
  const [target, primary] = await Promise.all([
    readOptional(`read Deployment ${namespace}/${targetName}`, () => clients.deployments.read(namespace, targetName)),
    readOptional(`read Deployment ${namespace}/${name}`, () => clients.deployments.read(namespace, name)),
  ]);
  if (!target.ok) return target;
  if (!primary.ok) return primary;
  return ok({ target: observeDeployment(target.value, 'template'), primary: observeDeployment(primary.value, 'annotation') });
}
