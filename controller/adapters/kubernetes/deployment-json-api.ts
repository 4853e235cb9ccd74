// Deployments read and written as the apiserver's own JSON (apps/v1), so a
// field this client-node release has no model for (a newer Kubernetes's pod
// spec field, e.g. 1.36's spec.template.spec.schedulingGroup) survives a read,
// a copy into the primary and a write. See json-request.ts for why the typed
// AppsV1Api cannot do this.
import type { KubernetesListObject, V1Deployment } from '@kubernetes/client-node';
import type { SendJson } from './json-request.js';

/**
 * A Deployment as the apiserver sent it. Typed as V1Deployment for the fields
 * Songbird reads, but it may carry properties V1Deployment does not declare,
 * and the fields client-node types as Date (metadata.creationTimestamp,
 * managedFields[].time) are RFC 3339 strings here.
 */
export type DeploymentJson = V1Deployment;

export interface DeploymentJsonApi {
  /** GET; throws ApiException (404 when absent). */
  read(namespace: string, name: string): Promise<DeploymentJson>;
  /** POST; throws ApiException (409 AlreadyExists, 422 Invalid, ...). */
  create(namespace: string, body: DeploymentJson): Promise<DeploymentJson>;
  /** PUT; the body's metadata.resourceVersion, when set, is the apiserver's precondition (409 Conflict). */
  replace(namespace: string, name: string, body: DeploymentJson): Promise<DeploymentJson>;
  /** GET of every namespace's Deployments (list metadata.resourceVersion is where a watch starts). */
  listAll(): Promise<KubernetesListObject<DeploymentJson>>;
}

const collection = (namespace: string) => `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/deployments`;
const item = (namespace: string, name: string) => `${collection(namespace)}/${encodeURIComponent(name)}`;

export function makeDeploymentJsonApi(send: SendJson): DeploymentJsonApi {
  return {
    read: async (namespace, name) => (await send({ method: 'GET', path: item(namespace, name) })) as DeploymentJson,
    create: async (namespace, body) => (await send({ method: 'POST', path: collection(namespace), body })) as DeploymentJson,
    replace: async (namespace, name, body) => (await send({ method: 'PUT', path: item(namespace, name), body })) as DeploymentJson,
    listAll: async () => (await send({ method: 'GET', path: '/apis/apps/v1/deployments' })) as KubernetesListObject<DeploymentJson>,
  };
}
