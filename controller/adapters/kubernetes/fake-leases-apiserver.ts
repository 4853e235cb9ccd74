// For tests: an HTTP fake of the apiserver's coordination.k8s.io/v1 Leases on
// loopback, as strict as the real one on what leader election sends. Rules and
// where they come from (k8s.io/kubernetes and k8s.io/apiserver, v1.36):
// - GET /apis/coordination.k8s.io/v1/namespaces/<ns>/leases/<name>; absent is
//   404 NotFound `leases.coordination.k8s.io "<name>" not found`
//   (apimachinery pkg/api/errors NewNotFound).
// - POST of an existing name is 409 AlreadyExists (NewAlreadyExists).
// - PUT of an absent Lease is 404: the Lease registry does not create on
//   update (pkg/registry/coordination/lease/strategy.go, AllowCreateOnUpdate
//   false). A PUT whose metadata.resourceVersion is not the stored one is 409
//   Conflict, "the object has been modified; please apply your changes to the
//   latest version and try again" (apiserver pkg/registry/generic/registry
//   store.go, Update); without one it is unconditional (AllowUnconditionalUpdate).
// - A body whose metadata.namespace or (PUT) metadata.name differs from the
//   URL is 400 BadRequest (apiserver pkg/endpoints/handlers/create.go and
//   update.go).
// - spec.acquireTime / spec.renewTime must be MicroTime text: RFC 3339 with
//   exactly 6 fractional digits, else 400 "Lease in version "v1" cannot be
//   handled as a Lease: ... parsing time" (apimachinery pkg/apis/meta/v1
//   micro_time.go, RFC3339Micro; seen in krustlet/krustlet#5).
// - spec.leaseDurationSeconds <= 0 or spec.leaseTransitions < 0 is 422 Invalid
//   (pkg/apis/coordination/validation ValidateLeaseSpec).
// - Every write bumps metadata.resourceVersion; POST sets uid and
//   creationTimestamp.
// - `deny` answers 403 Forbidden for a verb (get, create, update) in the
//   apiserver's RBAC wording (apiserver pkg/endpoints/handlers/responsewriters
//   errors.go, forbiddenMessage); `unavailable` answers 503; `hang` holds
//   requests unanswered until the server closes (an apiserver that is down
//   behind a load balancer); `partitioned` does that for the requests of
//   some bearer tokens only (one replica cut off from the apiserver).
// - `beforeHandling` may return a promise: the request waits for it (a test
//   lines two replicas' writes up on the same resourceVersion).
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { makeKubernetesClients, type KubernetesClients } from './kubernetes-clients.js';
import { closeServer, listenOnLoopback } from './loopback-kube-config.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface LeaseRequest {
  readonly verb: 'get' | 'create' | 'update' | 'other';
  readonly path: string;
  /** The bearer token sent. */
  readonly token: string;
  readonly body?: Json;
  /** The HTTP status answered (set once answered). */
  status?: number;
}

export interface FakeLeasesApiServer {
  readonly server: http.Server;
  readonly requests: LeaseRequest[];
  /** Stored Leases by "<namespace>/<name>". */
  readonly leases: Map<string, Json>;
  /** Stores a Lease as if written earlier (resourceVersion bumped); returns it. */
  put(namespace: string, name: string, spec: Json): Json;
  /** Verbs answered 403. */
  readonly deny: Set<'get' | 'create' | 'update'>;
  unavailable: boolean;
  hang: boolean;
  /** Bearer tokens whose requests are held unanswered. */
  readonly partitioned: Set<string>;
  /** Called with each request before it is handled (another writer racing); a promise delays the request. */
  beforeHandling?: (request: LeaseRequest) => void | Promise<void>;
}

const PATH = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/]+))?$/;
const MICRO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}(Z|[+-]\d{2}:\d{2})$/;
const RESOURCE = 'leases.coordination.k8s.io';

function status(code: number, reason: string, message: string, name?: string): Json {
  return {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code,
    ...(name === undefined ? {} : { details: { name, group: 'coordination.k8s.io', kind: 'leases' } }),
  };
}

export function fakeLeasesApiServer(): FakeLeasesApiServer {
  const leases = new Map<string, Json>();
  const held: http.ServerResponse[] = [];
  let version = 500;
  const stamp = (lease: Json): Json => ({ ...lease, metadata: { ...lease.metadata, resourceVersion: String(++version) } });

  const fake: FakeLeasesApiServer = {
    server: http.createServer(),
    requests: [],
    leases,
    deny: new Set(),
    unavailable: false,
    hang: false,
    partitioned: new Set(),
    put(namespace, name, spec) {
      const lease = stamp({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace, uid: randomUUID(), creationTimestamp: '2026-11-29T10:00:00Z' }, spec });
      leases.set(`${namespace}/${name}`, lease);
      return lease;
    },
  };
  fake.server.on('close', () => held.splice(0).forEach((response) => response.destroy()));

  fake.server.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', async () => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      const method = request.method ?? '';
      const verb = method === 'GET' ? 'get' : method === 'POST' ? 'create' : method === 'PUT' ? 'update' : 'other';
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      const recorded: LeaseRequest = { verb, path, token, ...(text === '' ? {} : { body: JSON.parse(text) as Json }) };
      fake.requests.push(recorded);
      await fake.beforeHandling?.(recorded);
      if (fake.hang || fake.partitioned.has(token)) {
        held.push(response);
        return;
      }
      const [code, payload] = handle(recorded);
      recorded.status = code;
      response.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
  });

  function handle({ verb, path, body }: LeaseRequest): [number, Json] {
    const match = PATH.exec(path);
    if (!match || verb === 'other') return [404, status(404, 'NotFound', 'the server could not find the requested resource')];
    const [, namespace, urlName] = match as unknown as [string, string, string | undefined];
    const name = urlName ?? body?.metadata?.name ?? '';
    if (fake.unavailable) return [503, status(503, 'ServiceUnavailable', 'the server is currently unable to handle the request')];
    if (fake.deny.has(verb)) {
      return [403, status(403, 'Forbidden', `${RESOURCE} "${name}" is forbidden: User "system:serviceaccount:songbird-system:songbird-controller" cannot ${verb} resource "leases" in API group "coordination.k8s.io" in the namespace "${namespace}"`, name)];
    }
    const key = `${namespace}/${name}`;
    const stored = leases.get(key);
    if (verb === 'get') return urlName && stored ? [200, stored] : [404, status(404, 'NotFound', `${RESOURCE} "${name}" not found`, name)];
    if (verb === 'create' && urlName) return [405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')];
    if (verb === 'update' && !urlName) return [405, status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource')];
    const refused = refusal(body ?? {}, namespace, verb === 'update' ? urlName : undefined);
    if (refused) return refused;
    if (verb === 'create') {
      if (stored) return [409, status(409, 'AlreadyExists', `${RESOURCE} "${name}" already exists`, name)];
      const { resourceVersion: _ignored, ...metadata } = body!.metadata as Json;
      const created = stamp({ ...body, metadata: { ...metadata, namespace, uid: randomUUID(), creationTimestamp: '2026-11-29T10:00:00Z' } });
      leases.set(key, created);
      return [201, created];
    }
    if (!stored) return [404, status(404, 'NotFound', `${RESOURCE} "${name}" not found`, name)];
    const sent = body!.metadata?.resourceVersion;
    if (sent !== undefined && sent !== stored.metadata.resourceVersion) {
      return [409, status(409, 'Conflict', `Operation cannot be fulfilled on ${RESOURCE} "${name}": the object has been modified; please apply your changes to the latest version and try again`, name)];
    }
    const replaced = stamp({ ...body, metadata: { ...body!.metadata, namespace, uid: stored.metadata.uid, creationTimestamp: stored.metadata.creationTimestamp } });
    leases.set(key, replaced);
    return [200, replaced];
  }

  return fake;
}

function refusal(body: Json, namespace: string, urlName: string | undefined): [number, Json] | undefined {
  const metadata = body.metadata ?? {};
  if (metadata.namespace !== undefined && metadata.namespace !== namespace) {
    return [400, status(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request')];
  }
  if (urlName !== undefined && metadata.name !== urlName) {
    return [400, status(400, 'BadRequest', `the name of the object (${metadata.name ?? ''}) does not match the name on the URL (${urlName})`)];
  }
  const spec = body.spec ?? {};
  for (const field of ['acquireTime', 'renewTime'] as const) {
    const value = spec[field];
    if (value !== undefined && value !== null && !(typeof value === 'string' && MICRO_TIME.test(value))) {
      return [400, status(400, 'BadRequest', `Lease in version "v1" cannot be handled as a Lease: parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05.000000Z07:00": cannot parse`)];
    }
  }
  const invalid: string[] = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0) invalid.push(`spec.leaseDurationSeconds: Invalid value: ${spec.leaseDurationSeconds}: must be greater than 0`);
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0) invalid.push(`spec.leaseTransitions: Invalid value: ${spec.leaseTransitions}: must be greater than or equal to 0`);
  if (invalid.length > 0) return [422, status(422, 'Invalid', `Lease.coordination.k8s.io "${metadata.name ?? ''}" is invalid: ${invalid.join(', ')}`, metadata.name)];
  return undefined;
}

/**
 * A started fake; `clients` talk to it with token "fake-token", `clientsAs`
 * with another token (one per replica, to partition one); `close` in afterEach.
 */
export async function startFakeLeasesApiServer(): Promise<{
  fake: FakeLeasesApiServer;
  clients: KubernetesClients;
  clientsAs: (token: string) => KubernetesClients;
  close: () => Promise<void>;
}> {
  const fake = fakeLeasesApiServer();
  await listenOnLoopback(fake.server);
  const clientsAs = (token: string) => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'fake', server: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`, skipTLSVerify: true }],
      users: [{ name: token, token }],
      contexts: [{ name: 'fake', cluster: 'fake', user: token }],
      currentContext: 'fake',
    });
    return makeKubernetesClients(kubeConfig);
  };
  return { fake, clients: clientsAs('fake-token'), clientsAs, close: () => closeServer(fake.server) };
}
