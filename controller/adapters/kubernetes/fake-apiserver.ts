// For tests: an HTTP fake of the apiserver's namespaced resources on loopback
// (Services, Deployments, HorizontalPodAutoscalers, Canaries: any
// /api/v1/namespaces/<ns>/<plural>[/<name>] or
// /apis/<group>/<version>/namespaces/<ns>/<plural>[/<name>]). It keeps what
// it was sent as JSON (nothing dropped) and answers as the apiserver does, with
// the rules Songbird's adapter relies on (k8s.io/apiserver
// pkg/endpoints/handlers and pkg/registry/generic/registry/store.go, v0.36):
// - GET of an item or a namespaced list; POST (409 AlreadyExists); PUT whose
//   metadata.resourceVersion, when set, must be the stored one (409 Conflict);
//   every write bumps metadata.resourceVersion; POST sets uid and
//   creationTimestamp.
// - PATCH application/json-patch+json applies RFC 6902 add / remove / replace /
//   test; a failed `test` (or a path that is not there) is 422 with the
//   json-patch library's text, "testing value <path> failed: test failed",
//   as patch.go's applyJSPatch answers. application/merge-patch+json is RFC 7386.
// - DELETE honours preconditions (uid, resourceVersion: 409 Conflict); an
//   object with finalizers only gets metadata.deletionTimestamp, and goes once
//   a write leaves it with none (store.go's graceful deletion of finalizers).
// - A write that adds a finalizer to an object being deleted is 422
//   ("no new finalizers can be added if the object is being deleted",
//   apimachinery's ValidateObjectMetaUpdate).
// Each request is recorded; `beforeHandling` lets a test change the store
// first (another writer racing Songbird).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { makeKubernetesClients, type KubernetesClients } from './kubernetes-clients.js';
import { closeServer, listenOnLoopback, loopbackKubeConfig } from './loopback-kube-config.js';

export type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType?: string;
  readonly body?: unknown;
}

export interface FakeApiServer {
  readonly server: http.Server;
  readonly requests: FakeRequest[];
  /** Stored objects by "<collection path>/<name>", e.g. "/api/v1/namespaces/shop/services/web". */
  readonly objects: Map<string, Json>;
  /** Stores an object as if created earlier (uid, resourceVersion, creationTimestamp set unless given); returns it. */
  put(collection: string, object: Json): Json;
  get(collection: string, name: string): Json | undefined;
  /** Called with each request before it is handled. */
  beforeHandling?: (request: FakeRequest) => void;
}

const PATH = /^(\/api\/v1|\/apis\/[^/]+\/[^/]+)\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/;

const KINDS: Record<string, string> = {
  services: 'Service',
  deployments: 'Deployment',
  horizontalpodautoscalers: 'HorizontalPodAutoscaler',
  canaries: 'Canary',
};

export const collectionPath = {
  services: (ns: string) => `/api/v1/namespaces/${ns}/services`,
  deployments: (ns: string) => `/apis/apps/v1/namespaces/${ns}/deployments`,
  autoscalers: (ns: string) => `/apis/autoscaling/v2/namespaces/${ns}/horizontalpodautoscalers`,
  canaries: (ns: string) => `/apis/songbird.dev/v1alpha1/namespaces/${ns}/canaries`,
};

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export function fakeApiServer(): FakeApiServer {
  const objects = new Map<string, Json>();
  const requests: FakeRequest[] = [];
  let version = 100;
  const stamp = (object: Json): Json => {
    version += 1;
    return { ...object, metadata: { ...object.metadata, resourceVersion: String(version) } };
  };
  const fresh = (object: Json): Json =>
    stamp({ ...object, metadata: { uid: randomUUID(), creationTimestamp: '2026-11-29T10:00:00Z', ...object.metadata } });

  const fake: FakeApiServer = {
    server: http.createServer(),
    requests,
    objects,
    put(collection, object) {
      const stored = fresh(object);
      objects.set(`${collection}/${stored.metadata.name}`, stored);
      return stored;
    },
    get: (collection, name) => objects.get(`${collection}/${name}`),
  };

  fake.server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      const body = text === '' ? undefined : (JSON.parse(text) as unknown);
      const recorded: FakeRequest = {
        method: request.method ?? '',
        path,
        ...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}),
        ...(body === undefined ? {} : { body }),
      };
      requests.push(recorded);
      fake.beforeHandling?.(recorded);
      const [code, payload] = handle(recorded);
      response.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
  });

  function handle({ method, path, contentType, body }: FakeRequest): [number, unknown] {
    const match = PATH.exec(path);
    if (!match) return [404, status(404, 'NotFound', 'the server could not find the requested resource')];
    const [, prefix, namespace, plural, name] = match as unknown as [string, string, string, string, string | undefined];
    const collection = `${prefix}/namespaces/${namespace}/${plural}`;
    const kind = KINDS[plural] ?? 'Object';
    const notFound = (n: string): [number, unknown] => [404, status(404, 'NotFound', `${plural} "${n}" not found`)];
    if (method === 'GET' && !name) {
      const items = [...objects.entries()].filter(([key]) => key.startsWith(`${collection}/`)).map(([, object]) => object);
      return [200, { kind: `${kind}List`, apiVersion: prefix.replace(/^\/apis?\//, ''), metadata: { resourceVersion: String(version) }, items }];
    }
    if (method === 'POST' && !name) {
      const object = body as Json;
      const key = `${collection}/${object.metadata?.name}`;
      if (objects.has(key)) return [409, status(409, 'AlreadyExists', `${plural} "${object.metadata?.name}" already exists`)];
      const created = fresh({ ...object, metadata: { ...object.metadata, namespace } });
      objects.set(key, created);
      return [201, created];
    }
    if (!name) return [405, status(405, 'MethodNotAllowed', `${method} is not supported here`)];
    const key = `${collection}/${name}`;
    const stored = objects.get(key);
    if (!stored) return notFound(name);
    switch (method) {
      case 'GET':
        return [200, stored];
      case 'PUT': {
        const sent = (body as Json).metadata?.resourceVersion;
        if (sent !== undefined && sent !== stored.metadata.resourceVersion) {
          return [409, status(409, 'Conflict', `Operation cannot be fulfilled on ${plural} "${name}": the object has been modified; please apply your changes to the latest version and try again`)];
        }
        return write(key, stored, { ...(body as Json), metadata: { ...(body as Json).metadata, uid: stored.metadata.uid, creationTimestamp: stored.metadata.creationTimestamp } });
      }
      case 'PATCH': {
        let patched: Json;
        try {
          patched = contentType?.startsWith('application/json-patch+json') ? applyJsonPatch(stored, body as JsonPatchOp[]) : mergePatch(stored, body) as Json;
        } catch (error) {
          return [422, status(422, '', (error as Error).message)];
        }
        return write(key, stored, patched);
      }
      case 'DELETE': {
        const preconditions = (body as Json | undefined)?.preconditions ?? {};
        if (preconditions.uid !== undefined && preconditions.uid !== stored.metadata.uid) {
          return [409, status(409, 'Conflict', `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${stored.metadata.uid}`)];
        }
        if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== stored.metadata.resourceVersion) {
          return [409, status(409, 'Conflict', `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${stored.metadata.resourceVersion}`)];
        }
        if ((stored.metadata.finalizers ?? []).length > 0) {
          const deleting = stamp({ ...stored, metadata: { ...stored.metadata, deletionTimestamp: '2026-11-29T10:05:00Z' } });
          objects.set(key, deleting);
          return [200, deleting];
        }
        objects.delete(key);
        return [200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: plural, uid: stored.metadata.uid } }];
      }
      default:
        return [405, status(405, 'MethodNotAllowed', `${method} is not supported here`)];
    }
  }

  function write(key: string, stored: Json, next: Json): [number, unknown] {
    const before: string[] = stored.metadata.finalizers ?? [];
    const after: string[] = next.metadata?.finalizers ?? [];
    if (stored.metadata.deletionTimestamp && after.some((f) => !before.includes(f))) {
      return [422, status(422, 'Invalid', `${next.kind ?? 'object'} "${stored.metadata.name}" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${after.filter((f) => !before.includes(f)).map((f) => JSON.stringify(f)).join(', ')}}`)];
    }
    const written = stamp({ ...next, metadata: { ...next.metadata, deletionTimestamp: stored.metadata.deletionTimestamp } });
    if (written.metadata.deletionTimestamp === undefined) delete written.metadata.deletionTimestamp;
    if (written.metadata.deletionTimestamp && after.length === 0) objects.delete(key);
    else objects.set(key, written);
    return [200, written];
  }

  return fake;
}

export interface JsonPatchOp {
  readonly op: string;
  readonly path: string;
  readonly value?: unknown;
}

/** RFC 6902 add / remove / replace / test over a copy; throws with the json-patch library's wording. */
export function applyJsonPatch(document: Json, ops: readonly JsonPatchOp[]): Json {
  const root = structuredClone(document);
  for (const { op, path, value } of ops) {
    const tokens = path.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = tokens.pop();
    if (last === undefined) throw new Error(`unsupported patch path ${JSON.stringify(path)}`);
    let parent: any = root; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const token of tokens) {
      parent = parent?.[token];
      if (parent === undefined || parent === null || typeof parent !== 'object') throw new Error(`${op} operation does not apply: doc is missing path: "${path}": missing value`);
    }
    const isArray = Array.isArray(parent);
    const index = last === '-' ? parent.length : Number(last);
    switch (op) {
      case 'test':
        if (JSON.stringify(parent[last]) !== JSON.stringify(value)) throw new Error(`testing value ${path} failed: test failed`);
        break;
      case 'add':
        if (isArray) parent.splice(index, 0, value);
        else parent[last] = value;
        break;
      case 'replace':
      case 'remove':
        if (!(last in parent)) throw new Error(`${op} operation does not apply: doc is missing key: ${path}: missing value`);
        if (op === 'replace') parent[isArray ? index : last] = value;
        else if (isArray) parent.splice(index, 1);
        else delete parent[last];
        break;
      default:
        throw new Error(`unsupported operation ${op}`);
    }
  }
  return root;
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const result: Json = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Json) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** A started fake and clients that talk to it; `close` in afterEach. */
export async function startFakeApiServer(): Promise<{ fake: FakeApiServer; clients: KubernetesClients; close: () => Promise<void> }> {
  const fake = fakeApiServer();
  await listenOnLoopback(fake.server);
  return { fake, clients: makeKubernetesClients(loopbackKubeConfig(fake.server)), close: () => closeServer(fake.server) };
}
