// For tests: an HTTP fake of the apiserver's apps/v1 Deployments on loopback.
// It stores request bodies as the JSON text it received (nothing dropped),
// answers GET / POST / PUT as the apiserver does (the stored object with
// metadata.resourceVersion bumped; Status bodies for 404 NotFound, 409
// AlreadyExists and 409 Conflict when a PUT's resourceVersion is stale) and
// records each request, bodies included, for the test to inspect.
import http from 'node:http';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization?: string;
  readonly contentType?: string;
  readonly body?: unknown;
}

export interface FakeDeploymentsApiServer {
  readonly server: http.Server;
  readonly requests: RecordedRequest[];
  /** Stored Deployments by "namespace/name". */
  readonly objects: Map<string, Record<string, unknown>>;
  /** Stores an object as if created earlier (resourceVersion set). */
  put(namespace: string, object: Record<string, unknown>): void;
}

const ITEM = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/deployments(?:\/([^/]+))?$/;

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export function fakeDeploymentsApiServer(): FakeDeploymentsApiServer {
  const objects = new Map<string, Record<string, unknown>>();
  const requests: RecordedRequest[] = [];
  let version = 100;
  const stamp = (object: Record<string, unknown>) => {
    version += 1;
    const metadata = { ...(object.metadata as Record<string, unknown>), resourceVersion: String(version) };
    return { ...object, metadata };
  };
  const nameOf = (object: Record<string, unknown>) => (object.metadata as { name?: string } | undefined)?.name ?? '';

  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      const body = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
      requests.push({
        method: request.method ?? '',
        path,
        ...(request.headers.authorization ? { authorization: request.headers.authorization } : {}),
        ...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}),
        ...(body === undefined ? {} : { body }),
      });
      const answer = (code: number, payload: unknown) => response.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      if (path === '/apis/apps/v1/deployments' && request.method === 'GET') {
        return answer(200, { kind: 'DeploymentList', apiVersion: 'apps/v1', metadata: { resourceVersion: String(version) }, items: [...objects.values()] });
      }
      const match = ITEM.exec(path);
      if (!match) return answer(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      const [, namespace, name] = match;
      const key = `${namespace}/${name ?? nameOf(body ?? {})}`;
      const stored = objects.get(key);
      if (request.method === 'GET' && name) {
        return stored ? answer(200, stored) : answer(404, status(404, 'NotFound', `deployments.apps "${name}" not found`));
      }
      if (request.method === 'POST' && !name && body) {
        if (stored) return answer(409, status(409, 'AlreadyExists', `deployments.apps "${nameOf(body)}" already exists`));
        const created = stamp(body);
        objects.set(key, created);
        return answer(201, created);
      }
      if (request.method === 'PUT' && name && body) {
        if (!stored) return answer(404, status(404, 'NotFound', `deployments.apps "${name}" not found`));
        const sent = (body.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
        const current = (stored.metadata as { resourceVersion?: string }).resourceVersion;
        if (sent !== undefined && sent !== current) {
          return answer(409, status(409, 'Conflict', `Operation cannot be fulfilled on deployments.apps "${name}": the object has been modified; please apply your changes to the latest version and try again`));
        }
        const replaced = stamp(body);
        objects.set(key, replaced);
        return answer(200, replaced);
      }
      return answer(405, status(405, 'MethodNotAllowed', `${request.method} is not supported here`));
    });
  });

  return {
    server,
    requests,
    objects,
    put(namespace, object) {
      objects.set(`${namespace}/${nameOf(object)}`, stamp({ ...object, metadata: { ...(object.metadata as object), namespace } }));
    },
  };
}
