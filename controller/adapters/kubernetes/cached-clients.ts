// KubernetesClients whose reads come from the informer caches
// (cluster-caches.ts) instead of the apiserver, so an adapter that reads,
// finds nothing to change and writes nothing makes no request at all.
// Writes always go to the apiserver. After a write to an object (whatever its
// answer) reads of it go to the apiserver again while its cached copy is one
// Songbird knows to be stale: the copy it held when the write began, or one an
// earlier write of its own has since superseded; at most 5 s. An adapter thus
// reads its own writes, even two in a row, and a write refused for a stale
// resourceVersion (409) is retried over a fresh read, not the same stale copy;
// a copy that moved on (the write's answer, or anyone's later write, such as
// the Deployment controller's status) is read from the cache again at once.
// resourceVersions are only compared for equality, as the API asks.
// A kind whose cache is not synced is read from the apiserver.
import { ApiException, type KubernetesObject } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../../schema/canary.js';
import { ISTIO_GROUP } from '../istio/istio-resources.js';
import type { CachedKind, ClusterCaches, ObjectCache } from './cluster-caches.js';
import type { KubernetesClients } from './kubernetes-clients.js';

/** How long reads of a written object bypass its cached copy at most (ms). */
export const WRITE_BYPASS_MS = 5_000;

const API_VERSION: Record<CachedKind, string> = {
  canaries: `${GROUP}/${VERSION}`,
  deployments: 'apps/v1',
  services: 'v1',
  autoscalers: 'autoscaling/v2',
  destinationRules: `${ISTIO_GROUP}/v1`,
  virtualServices: `${ISTIO_GROUP}/v1`,
};
const KIND: Record<CachedKind, string> = {
  canaries: 'Canary',
  deployments: 'Deployment',
  services: 'Service',
  autoscalers: 'HorizontalPodAutoscaler',
  destinationRules: 'DestinationRule',
  virtualServices: 'VirtualService',
};

interface Written {
  /** resourceVersions known to be stale (undefined: the copy is absent): the cache's when each write began, and answers later writes superseded. */
  readonly stale: Set<string | undefined>;
  /** The resourceVersion the last write answered. */
  after?: string;
  readonly until: number;
}

/** A custom object's kind by its group and plural; undefined for one no cache holds. */
function customKind(group: unknown, plural: unknown): CachedKind | undefined {
  if (group === GROUP && plural === PLURAL) return 'canaries';
  if (group === ISTIO_GROUP && plural === 'virtualservices') return 'virtualServices';
  if (group === ISTIO_GROUP && plural === 'destinationrules') return 'destinationRules';
  return undefined;
}

const notFound = (kind: CachedKind, namespace: string, name: string) =>
  new ApiException(404, `${KIND[kind]} ${namespace}/${name} not found (informer cache)`, { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }, {});

type Params = { namespace?: string; name?: string; group?: string; plural?: string };

/**
 * `direct` with its reads of Canaries, Deployments (and their scale),
 * Services, HPAs, DestinationRules and VirtualServices served from `caches`
 * while synced. A get answers a deep copy, shaped as the apiserver's GET (with
 * apiVersion and kind), for the caller to change and write; a list answers the
 * cached objects themselves, frozen, as its items (read-only, no apiVersion or
 * kind, as in the apiserver's lists); an object absent from the cache throws
 * the 404 the apiserver would. `now`: milliseconds (tests).
 */
export function cachedClients(direct: KubernetesClients, caches: ClusterCaches, now: () => number = Date.now): KubernetesClients {
  const written = new Map<string, Written>();
  const keyOf = (kind: CachedKind, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

  /**
   * Marks `namespace/name` of `kind` written and makes the write; once it answers an object, its
   * resourceVersion is what the cache must reach (a delete's answer is not the object's).
   */
  const writing = <T>(kind: CachedKind, namespace: string | undefined, name: string | undefined, write: () => T, remove = false): T => {
    if (!namespace || !name) return write();
    const key = keyOf(kind, namespace, name);
    const previous = written.get(key);
    const stale = new Set<string | undefined>(previous && now() < previous.until ? [...previous.stale, ...(previous.after === undefined ? [] : [previous.after])] : []);
    stale.add(caches.reader(kind)?.get(namespace, name)?.metadata?.resourceVersion);
    const mark: Written = { stale, until: now() + WRITE_BYPASS_MS };
    written.set(key, mark);
    const answer = write();
    if (!remove && typeof (answer as { then?: unknown } | undefined)?.then === 'function') {
      (answer as PromiseLike<unknown>).then(
        (object: unknown) => {
          const version = (object as KubernetesObject | undefined)?.metadata?.resourceVersion;
          if (version && written.get(key) === mark) {
            mark.after = version;
            mark.stale.delete(version);
          }
        },
        () => undefined, // the caller hears of the failure; what the cache held stays stale
      );
    }
    return answer;
  };
  const bypassed = (kind: CachedKind, cache: ObjectCache, namespace: string, name: string): boolean => {
    const key = keyOf(kind, namespace, name);
    const mark = written.get(key);
    if (!mark) return false;
    const version = cache.get(namespace, name)?.metadata?.resourceVersion;
    if (now() < mark.until && mark.stale.has(version)) return true;
    written.delete(key);
    return false;
  };
  /** The cache to read `namespace/name` of `kind` from, undefined: ask the apiserver. */
  const cacheFor = (kind: CachedKind, namespace: string, name: string): ObjectCache | undefined => {
    const cache = caches.reader(kind);
    return cache && !bypassed(kind, cache, namespace, name) ? cache : undefined;
  };
  const cacheForList = (kind: CachedKind, namespace: string): ObjectCache | undefined => {
    const cache = caches.reader(kind);
    if (!cache) return undefined;
    const prefix = `${kind}/${namespace}/`;
    for (const key of written.keys()) if (key.startsWith(prefix) && bypassed(kind, cache, namespace, key.slice(prefix.length))) return undefined;
    return cache;
  };
  const copy = (kind: CachedKind, object: KubernetesObject): KubernetesObject => ({ ...structuredClone(object), apiVersion: API_VERSION[kind], kind: KIND[kind] });
  /** The cached object, a copy; throws 404 when absent. Undefined when the cache is not to be used. */
  const read = (kind: CachedKind, namespace: string, name: string): (() => KubernetesObject) | undefined => {
    const cache = cacheFor(kind, namespace, name);
    if (!cache) return undefined;
    return () => {
      const object = cache.get(namespace, name);
      if (!object) throw notFound(kind, namespace, name);
      return copy(kind, object);
    };
  };
  const list = (kind: CachedKind, namespace: string): { apiVersion: string; kind: string; metadata: object; items: readonly KubernetesObject[] } | undefined => {
    const cache = cacheForList(kind, namespace);
    if (!cache) return undefined;
    // The cached objects themselves, frozen (informer.ts), not copies: a list is read to summarise,
    // and copying a namespace's hundred VirtualServices for each of a thousand reconciles was most of their CPU.
    return { apiVersion: API_VERSION[kind], kind: `${KIND[kind]}List`, metadata: {}, items: cache.list(namespace) };
  };

  /** Wraps `api`: `reads` answer from the cache when they can; every create/replace/patch/delete of `kindOf` marks the object written. */
  function wrap<A extends object>(api: A, reads: Record<string, (params: Params) => unknown>, kindOf: (method: string, params: Params) => CachedKind | undefined): A {
    return new Proxy(api, {
      get(target, property, receiver) {
        const original = Reflect.get(target, property, receiver) as unknown;
        if (typeof property !== 'string' || typeof original !== 'function') return original;
        const call = (original as (...args: unknown[]) => unknown).bind(target);
        const cachedRead = reads[property];
        if (cachedRead) {
          return async (...args: unknown[]) => {
            const answer = cachedRead((args[0] ?? {}) as Params);
            return answer === undefined ? call(...args) : answer;
          };
        }
        if (/^(create|replace|patch|delete)/.test(property)) {
          return (...args: unknown[]) => {
            const params = (args[0] ?? {}) as Params & { body?: { metadata?: { name?: string } } };
            const kind = kindOf(property, params);
            if (!kind) return call(...args);
            return writing(kind, params.namespace, params.name ?? params.body?.metadata?.name, () => call(...args), property.startsWith('delete'));
          };
        }
        return original;
      },
    });
  }

  const ns = (p: Params) => p.namespace ?? '';
  const nm = (p: Params) => p.name ?? '';
  const apps = wrap(
    direct.apps,
    {
      readNamespacedDeploymentScale: (p) => {
        const cache = cacheFor('deployments', ns(p), nm(p));
        if (!cache) return undefined;
        const deployment = cache.get(ns(p), nm(p)) as { metadata?: KubernetesObject['metadata']; spec?: { replicas?: number; selector?: unknown }; status?: { replicas?: number; selector?: string } } | undefined;
        if (!deployment) return Promise.reject(notFound('deployments', ns(p), nm(p)));
        const { name, namespace, uid, resourceVersion, creationTimestamp } = deployment.metadata ?? {};
        return Promise.resolve({
          apiVersion: 'autoscaling/v1',
          kind: 'Scale',
          metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
          spec: { replicas: deployment.spec?.replicas ?? 1 },
          status: { replicas: deployment.status?.replicas ?? 0, selector: deployment.status?.selector },
        });
      },
    },
    (method) => (method.includes('Deployment') ? 'deployments' : undefined),
  );
  const autoscaling = wrap(
    direct.autoscaling,
    {
      readNamespacedHorizontalPodAutoscaler: (p) => settle(read('autoscalers', ns(p), nm(p))),
      listNamespacedHorizontalPodAutoscaler: (p) => list('autoscalers', ns(p)),
    },
    (method) => (method.includes('HorizontalPodAutoscaler') ? 'autoscalers' : undefined),
  );
  const custom = wrap(
    direct.custom,
    {
      getNamespacedCustomObject: (p) => {
        const kind = customKind(p.group, p.plural);
        return kind ? settle(read(kind, ns(p), nm(p))) : undefined;
      },
      listNamespacedCustomObject: (p) => {
        const kind = customKind(p.group, p.plural);
        return kind ? list(kind, ns(p)) : undefined;
      },
    },
    (_method, p) => customKind(p.group, p.plural),
  );
  const deployments = {
    ...direct.deployments,
    read: async (namespace: string, name: string) => (read('deployments', namespace, name)?.() as never) ?? direct.deployments.read(namespace, name),
    create: async (namespace: string, body: Parameters<typeof direct.deployments.create>[1]) =>
      writing('deployments', namespace, body.metadata?.name, () => direct.deployments.create(namespace, body)),
    replace: async (namespace: string, name: string, body: Parameters<typeof direct.deployments.replace>[2]) =>
      writing('deployments', namespace, name, () => direct.deployments.replace(namespace, name, body)),
  };
  const services = {
    read: async (namespace: string, name: string) => (read('services', namespace, name)?.() as never) ?? direct.services.read(namespace, name),
    create: async (namespace: string, body: Parameters<typeof direct.services.create>[1]) =>
      writing('services', namespace, body.metadata?.name, () => direct.services.create(namespace, body)),
    replace: async (namespace: string, name: string, body: Parameters<typeof direct.services.replace>[2]) =>
      writing('services', namespace, name, () => direct.services.replace(namespace, name, body)),
    patch: async (namespace: string, name: string, operations: Parameters<typeof direct.services.patch>[2]) =>
      writing('services', namespace, name, () => direct.services.patch(namespace, name, operations)),
  };
  return { ...direct, apps, autoscaling, custom, deployments, services };
}

/** A cached read as a promise (rejected with the 404 when absent); undefined when the cache is not to be used. */
function settle(read: (() => KubernetesObject) | undefined): Promise<KubernetesObject> | undefined {
  if (!read) return undefined;
  try {
    return Promise.resolve(read());
  } catch (error) {
    return Promise.reject(error);
  }
}
