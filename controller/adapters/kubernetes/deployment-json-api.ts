// Deployments read and written as the apiserver's own JSON (apps/v1), so a
// field this client-node release has no model for (a newer Kubernetes's pod
// spec field, e.g. 1.36's spec.template.spec.schedulingGroup) survives a read,
// a copy into the primary and a write. See json-request.ts for why the typed
// AppsV1Api cannot do this.
//
// Every 2xx answer must be what the apiserver sends: a Deployment (kind
// "Deployment", metadata.name the name asked for) or a DeploymentList (kind
// "DeploymentList", metadata, an items array of objects with a metadata.name;
// the apiserver leaves kind out of list items). Anything else throws
// UnexpectedAnswer, a badResponse value once errorFromException has it, so
// `{}` is never taken for a Deployment without a template.
import type { KubernetesListObject, V1Deployment } from '@kubernetes/client-node';
import { describeJsonValue, isJsonObject, type ExpectedAnswer, type JsonObject, type SendJson } from './json-request.js';

/**
 * A Deployment as the apiserver sent it. Typed as V1Deployment for the fields
 * Songbird reads, but it may carry properties V1Deployment does not declare,
 * and the fields client-node types as Date (metadata.creationTimestamp,
 * managedFields[].time) are RFC 3339 strings here.
 */
export type DeploymentJson = V1Deployment;

/** Every method throws ApiException for a non-2xx answer and UnexpectedAnswer for a 2xx that is not the Deployment (list) asked for. */
export interface DeploymentJsonApi {
  /** GET; 404 when absent. */
  read(namespace: string, name: string): Promise<DeploymentJson>;
  /** POST; 409 AlreadyExists, 422 Invalid, ... */
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
    read: async (namespace, name) => (await send({ method: 'GET', path: item(namespace, name), expected: aDeployment(name) })) as DeploymentJson,
    create: async (namespace, body) =>
      (await send({ method: 'POST', path: collection(namespace), body, expected: aDeployment(body.metadata?.name) })) as DeploymentJson,
    replace: async (namespace, name, body) => (await send({ method: 'PUT', path: item(namespace, name), body, expected: aDeployment(name) })) as DeploymentJson,
    listAll: async () =>
      (await send({ method: 'GET', path: '/apis/apps/v1/deployments', expected: A_DEPLOYMENT_LIST })) as unknown as KubernetesListObject<DeploymentJson>,
  };
}

const wrongKind = (kind: unknown, wanted: string, field = 'kind') => `${field} ${kind === undefined ? 'missing' : JSON.stringify(kind)} where the apiserver sends "${wanted}"`;
const missingOr = (field: string, value: unknown) => `${field} ${value === undefined ? 'missing' : `is ${describeJsonValue(value)}`}`;

/** What is wrong with the metadata of a Deployment that should be named `name` (any name when undefined). */
function metadataProblem(object: JsonObject, name: string | undefined, at = ''): string | undefined {
  const metadata = object.metadata;
  if (!isJsonObject(metadata)) return missingOr(`${at}metadata`, metadata);
  if (typeof metadata.name !== 'string' || metadata.name === '') return `no ${at}metadata.name`;
  if (name !== undefined && metadata.name !== name) return `${at}metadata.name ${JSON.stringify(metadata.name)} where ${JSON.stringify(name)} was asked for`;
  return undefined;
}

/** An object of `kind` named `name` (any name when undefined); `what` names it in messages, e.g. "an apps/v1 Deployment". */
export function anObjectOfKind(kind: string, what: string, name: string | undefined): ExpectedAnswer {
  return { what, problem: (answer) => (answer.kind !== kind ? wrongKind(answer.kind, kind) : metadataProblem(answer, name)) };
}

/** A Deployment named `name` (any name when undefined). */
const aDeployment = (name: string | undefined): ExpectedAnswer => anObjectOfKind('Deployment', 'an apps/v1 Deployment', name);

/** A list of `kind` objects (items may leave kind out, as the apiserver does), e.g. ("Service", "a v1 ServiceList"). */
export function aListOfKind(kind: string, what: string): ExpectedAnswer {
  return {
    what,
    problem: (answer) => {
      if (answer.kind !== `${kind}List`) return wrongKind(answer.kind, `${kind}List`);
      if (!isJsonObject(answer.metadata)) return missingOr('metadata', answer.metadata);
      if (!Array.isArray(answer.items)) return missingOr('items', answer.items);
      for (const [index, entry] of answer.items.entries()) {
        const at = `items[${index}].`;
        if (!isJsonObject(entry)) return `items[${index}] is ${describeJsonValue(entry)}`;
        if (entry.kind !== undefined && entry.kind !== kind) return wrongKind(entry.kind, kind, `${at}kind`);
        const problem = metadataProblem(entry, undefined, at);
        if (problem) return problem;
      }
      return undefined;
    },
  };
}

const A_DEPLOYMENT_LIST = aListOfKind('Deployment', 'an apps/v1 DeploymentList');
