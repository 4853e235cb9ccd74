// For tests: an HTTP fake of the apiserver's networking.istio.io/v1
// VirtualServices of one namespace on loopback. It answers as the apiserver
// does: GET one (404 Status when absent), GET the collection (a
// VirtualServiceList with `items`), POST (409 AlreadyExists when present; uid,
// resourceVersion and creationTimestamp set), PUT (409 Conflict when the
// resourceVersion is stale; resourceVersion bumped) and DELETE. Knobs make
// PUTs race (`conflicts`), vanish (`dropWrites`), or be refused as a
// validating webhook would (`refuse`, 422 Invalid with its message).
import http from 'node:http';
import type { VirtualService } from './istio-resources.js';

export interface FakeVirtualServicesOptions {
  readonly namespace?: string;
  /** PUTs answered 409 (while someone else "writes": the resourceVersion moves) before one is accepted. */
  readonly conflicts?: number;
  /** Accepted writes are answered but not stored (a webhook or controller undoing them). */
  readonly dropWrites?: boolean;
  /** A reason to refuse the written object with 422, or undefined to accept it. */
  readonly refuse?: (object: VirtualService) => string | undefined;
  /** Replaces the list answer's body, to test malformed answers. */
  readonly listBody?: unknown;
}

export interface FakeVirtualServicesApiServer {
  readonly server: http.Server;
  /** Stored VirtualServices by name. */
  readonly stored: Map<string, VirtualService>;
  /** "METHOD name" (or "GET *" for the list), in order. */
  readonly requests: string[];
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

export function fakeVirtualServicesApiServer(initial: readonly VirtualService[], options: FakeVirtualServicesOptions = {}): FakeVirtualServicesApiServer {
  const collection = `/apis/networking.istio.io/v1/namespaces/${options.namespace ?? 'shop'}/virtualservices`;
  const stored = new Map(initial.map((vs) => [vs.metadata.name, structuredClone(vs)]));
  const requests: string[] = [];
  let conflicts = options.conflicts ?? 0;
  let version = 100;
  const bump = (vs: VirtualService): VirtualService => ({ ...vs, metadata: { ...vs.metadata, resourceVersion: String((version += 1)) } });

  const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const answer = (code: number, payload: unknown) => response.writeHead(code, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
      const path = new URL(request.url ?? '/', 'http://fake').pathname;
      const method = request.method ?? '';
      if (path === collection && method === 'GET') {
        requests.push('GET *');
        return answer(200, options.listBody ?? { apiVersion: 'networking.istio.io/v1', kind: 'VirtualServiceList', metadata: { resourceVersion: String(version) }, items: [...stored.values()] });
      }
      const sent = text === '' ? undefined : (JSON.parse(text) as VirtualService);
      const refusal = sent && options.refuse?.(sent);
      const name = path === collection ? sent?.metadata.name ?? '' : path.startsWith(`${collection}/`) ? path.slice(collection.length + 1) : undefined;
      if (name === undefined) return answer(404, status(404, 'NotFound', 'the server could not find the requested resource'));
      requests.push(`${method} ${name}`);
      const current = stored.get(name);
      const notFound = () => answer(404, status(404, 'NotFound', `virtualservices.networking.istio.io "${name}" not found`));
      switch (method) {
        case 'GET':
          return current ? answer(200, current) : notFound();
        case 'POST': {
          if (current) return answer(409, status(409, 'AlreadyExists', `virtualservices.networking.istio.io "${name}" already exists`));
          if (refusal) return answer(422, status(422, 'Invalid', refusal));
          const created = bump({ ...sent!, metadata: { ...sent!.metadata, uid: `uid-${name}`, creationTimestamp: '2026-01-01T00:00:00Z' } });
          if (!options.dropWrites) stored.set(name, created);
          return answer(201, created);
        }
        case 'PUT': {
          if (!current) return notFound();
          if (conflicts > 0 || sent!.metadata.resourceVersion !== current.metadata.resourceVersion) {
            conflicts -= 1;
            stored.set(name, bump(current));
            return answer(409, status(409, 'Conflict', 'the object has been modified; please apply your changes to the latest version and try again'));
          }
          if (refusal) return answer(422, status(422, 'Invalid', refusal));
          const replaced = bump(sent!);
          if (!options.dropWrites) stored.set(name, replaced);
          return answer(200, replaced);
        }
        case 'DELETE':
          if (!current) return notFound();
          stored.delete(name);
          return answer(200, { kind: 'Status', apiVersion: 'v1', status: 'Success' });
        default:
          return answer(405, status(405, 'MethodNotAllowed', `${method} is not supported`));
      }
    });
  });
  return { server, stored, requests };
}
