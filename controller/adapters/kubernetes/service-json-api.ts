// Services read and written as the apiserver's own JSON (v1), like
// Deployments (deployment-json-api.ts): an adopted Service's spec is recorded
// and handed back with every field it had, whether or not this client-node
// release models it, and a write never drops a field it did not set.
import type { V1Service } from '@kubernetes/client-node';
import { anObjectOfKind } from './deployment-json-api.js';
import type { SendJson } from './json-request.js';

/** A Service as the apiserver sent it; it may carry properties V1Service does not declare. */
export type ServiceJson = V1Service;

/** An RFC 6902 operation. */
export interface JsonPatchOperation {
  readonly op: 'add' | 'remove' | 'replace' | 'test';
  /** A JSON pointer, e.g. /metadata/annotations (escape `/` in keys as ~1). */
  readonly path: string;
  readonly value?: unknown;
}

/** Every method throws ApiException for a non-2xx answer and UnexpectedAnswer for a 2xx that is not the Service asked for. */
export interface ServiceJsonApi {
  /** GET; 404 when absent. */
  read(namespace: string, name: string): Promise<ServiceJson>;
  /** POST; 409 AlreadyExists, 422 Invalid, ... */
  create(namespace: string, body: ServiceJson): Promise<ServiceJson>;
  /** PUT; the body's metadata.resourceVersion, when set, is the apiserver's precondition (409 Conflict). */
  replace(namespace: string, name: string, body: ServiceJson): Promise<ServiceJson>;
  /** PATCH application/json-patch+json; a failed `test` op is 422. */
  patch(namespace: string, name: string, operations: readonly JsonPatchOperation[]): Promise<ServiceJson>;
}

const collection = (namespace: string) => `/api/v1/namespaces/${encodeURIComponent(namespace)}/services`;
const item = (namespace: string, name: string) => `${collection(namespace)}/${encodeURIComponent(name)}`;
const aService = (name: string | undefined) => anObjectOfKind('Service', 'a v1 Service', name);

export function makeServiceJsonApi(send: SendJson): ServiceJsonApi {
  return {
    read: async (namespace, name) => (await send({ method: 'GET', path: item(namespace, name), expected: aService(name) })) as ServiceJson,
    create: async (namespace, body) => (await send({ method: 'POST', path: collection(namespace), body, expected: aService(body.metadata?.name) })) as ServiceJson,
    replace: async (namespace, name, body) => (await send({ method: 'PUT', path: item(namespace, name), body, expected: aService(name) })) as ServiceJson,
    patch: async (namespace, name, operations) =>
      (await send({ method: 'PATCH', path: item(namespace, name), body: operations, contentType: 'application/json-patch+json', expected: aService(name) })) as ServiceJson,
  };
}

/** A JSON pointer token: `~` as ~0 and `/` as ~1 (RFC 6901), e.g. for the annotation key songbird.dev/adopted-by. */
export const pointerToken = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
