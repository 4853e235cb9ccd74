// The informer caches the runtime reads instead of the apiserver: every
// Canary, Deployment, Service, HorizontalPodAutoscaler, DestinationRule and
// VirtualService of the cluster, or of one namespace when the controller
// watches only that one (SONGBIRD_NAMESPACE; then every list and watch goes to
// /…/namespaces/<ns>/…, which a Role in that namespace allows). Created idle (adapters hold it from the
// start); start() runs the informers while this replica leads, stop() ends
// them. A kind's cache is offered to readers only while its informer holds a
// successful list and its watch runs; otherwise readers go to the apiserver.
import type { KubeConfig, KubernetesObject } from '@kubernetes/client-node';
import type { KubernetesError } from './kubernetes-errors.js';
import { startInformer, type RunningInformer, type WatchSource } from './informer.js';
import { makeKubernetesClients, type KubernetesClients } from './kubernetes-clients.js';
import {
  autoscalerSource,
  canarySource,
  deploymentSource,
  destinationRuleSource,
  serviceSource,
  virtualServiceSource,
} from './watch-sources.js';

export type CachedKind = 'canaries' | 'deployments' | 'services' | 'autoscalers' | 'destinationRules' | 'virtualServices';

/** Reads of one kind's cache; objects are as the apiserver sent them and must not be mutated. */
export interface ObjectCache {
  get(namespace: string, name: string): KubernetesObject | undefined;
  list(namespace: string): readonly KubernetesObject[];
}

export interface ClusterCaches {
  /** The cache of `kind` while it is synced; undefined: read from the apiserver. */
  reader(kind: CachedKind): ObjectCache | undefined;
}

/** A change of one cached object (`object` absent when it vanished while a watch was down; `gone`: deleted). */
export type CacheChange = (kind: CachedKind, namespace: string, name: string, object: KubernetesObject | undefined, gone: boolean) => void;

export interface CacheStartOptions {
  readonly onError?: (kind: CachedKind, error: KubernetesError, retryInMs: number) => void;
}

export interface RunningCaches {
  /** Resolves once every informer delivered its first list (or failed and will retry). */
  readonly started: Promise<void>;
  /** True while every informer holds a successful list and its watch runs. */
  synced(): boolean;
  /** The kinds whose informer does not (yet) hold a successful list, for the readiness reason. */
  unsynced(): CachedKind[];
  stop(): Promise<void>;
}

export interface ClusterCacheHub extends ClusterCaches {
  /** Starts the informers (one set at a time: a second start stops nothing and throws). */
  start(onChange: CacheChange, options?: CacheStartOptions): RunningCaches;
}

export interface ClusterCacheOptions {
  /** Cache only this namespace's objects (list and watch /…/namespaces/<namespace>/…); all namespaces when undefined. */
  readonly namespace?: string;
}

const SOURCES: ReadonlyArray<readonly [CachedKind, (clients: KubernetesClients, namespace?: string) => WatchSource<KubernetesObject>]> = [
  ['canaries', canarySource],
  ['deployments', deploymentSource],
  ['services', serviceSource],
  ['autoscalers', autoscalerSource],
  ['destinationRules', destinationRuleSource],
  ['virtualServices', virtualServiceSource],
];

/**
 * The caches of every kind in CachedKind, idle until start(). With
 * `options.namespace`, each informer lists and watches that namespace's
 * collection only, and a reader holds that namespace's objects only.
 */
export function createClusterCaches(kubeConfig: KubeConfig, options: ClusterCacheOptions = {}): ClusterCacheHub {
  const clients = makeKubernetesClients(kubeConfig);
  let running: Map<CachedKind, RunningInformer> | undefined;
  return {
    reader(kind) {
      const informer = running?.get(kind);
      return informer?.synced() ? informer : undefined;
    },
    start(onChange, startOptions = {}) {
      if (running) throw new Error('the cluster caches are already running');
      const informers = new Map<CachedKind, RunningInformer>(
        SOURCES.map(([kind, source]) => [
          kind,
          startInformer(kubeConfig, source(clients, options.namespace), (namespace, name, object, gone) => onChange(kind, namespace, name, object, gone), {
            onError: (error, retryInMs) => startOptions.onError?.(kind, error, retryInMs),
          }),
        ]),
      );
      running = informers;
      return {
        started: Promise.all([...informers.values()].map((i) => i.started)).then(() => undefined),
        synced: () => [...informers.values()].every((i) => i.synced()),
        unsynced: () => [...informers].filter(([, i]) => !i.synced()).map(([kind]) => kind),
        async stop() {
          if (running === informers) running = undefined;
          await Promise.all([...informers.values()].map((i) => i.stop()));
        },
      };
    },
  };
}
