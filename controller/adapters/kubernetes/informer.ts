// Watches one kind of object in all namespaces, keeps the objects in a cache
// (get/list, never a request) and calls onChange(namespace, name, object) for
// every add, update and delete. List, then watch; when the list or
// the watch fails, the failure is reported (never thrown) and, after a
// jittered exponential backoff, a fresh informer lists everything again.
// Objects that vanished while the watch was down are reported as changes too.
import { makeInformer, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import { errorFromException, type KubernetesError } from './kubernetes-errors.js';

export interface WatchSource<T extends KubernetesObject> {
  /** e.g. "Canaries", for messages. */
  readonly what: string;
  /** The collection's API path, e.g. /apis/apps/v1/deployments. */
  readonly path: string;
  readonly list: () => Promise<KubernetesListObject<T>>;
}

export interface InformerOptions {
  readonly onError?: (error: KubernetesError, retryInMs: number) => void;
  /** Default 1 000 ms. */
  readonly minBackoffMs?: number;
  /** Default 60 000 ms. */
  readonly maxBackoffMs?: number;
  /** In [0, 1); default Math.random. */
  readonly random?: () => number;
}

export interface RunningInformer<T extends KubernetesObject = KubernetesObject> {
  stop(): Promise<void>;
  /** The cached object as the apiserver last sent it (do not mutate), undefined when not in the cache. */
  get(namespace: string, name: string): T | undefined;
  /** The cached objects of one namespace (do not mutate). */
  list(namespace: string): readonly T[];
  /** Resolves once the first list has been delivered (or has failed and a retry is scheduled). */
  readonly started: Promise<void>;
  /** True while the last list succeeded and its watch has not failed since (the readiness probe). */
  synced(): boolean;
}

/**
 * `object`: as the watch or list delivered it (for a delete, its last state;
 * absent for an object that vanished while the watch was down); `gone`: it
 * was deleted.
 */
export type OnChange<T extends KubernetesObject = KubernetesObject> = (namespace: string, name: string, object: T | undefined, gone: boolean) => void;

/** Backoff before retry number `attempt` (1, 2, ...): min·2^(attempt-1), capped, times a jitter in [0.5, 1). */
export function backoffMs(attempt: number, options: InformerOptions = {}): number {
  const min = options.minBackoffMs ?? 1_000;
  const max = options.maxBackoffMs ?? 60_000;
  const base = Math.min(max, min * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + 0.5 * (options.random ?? Math.random)()));
}

export function startInformer<T extends KubernetesObject>(
  kubeConfig: KubeConfig,
  source: WatchSource<T>,
  onChange: OnChange<T>,
  options: InformerOptions = {},
): RunningInformer<T> {
  let stopped = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let current: ReturnType<typeof makeInformer<T>> | undefined;
  let synced = false;

  const keyOf = (obj: T) => `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
  const notify = (gone: boolean) => (obj: T) => {
    // The cache holds this very object: it keeps no managedFields (Songbird never reads them, and they are
    // often half an object's size). A write of a copy without them keeps the stored ones (server-side apply).
    if (obj.metadata?.managedFields) delete obj.metadata.managedFields;
    // Frozen: lists answer these very objects to many readers (cached-clients.ts), so none may change them.
    deepFreeze(obj);
    if (!stopped && obj.metadata?.name) onChange(obj.metadata.namespace ?? '', obj.metadata.name, obj, gone);
  };
  const notifyKey = (key: string) => {
    const slash = key.indexOf('/');
    if (!stopped) onChange(key.slice(0, slash), key.slice(slash + 1), undefined, true);
  };

  /** Reports the failure, then lists afresh after a backoff. `known`: what the next list is compared with. */
  function retryLater(cause: unknown, known: ReadonlySet<string>): void {
    attempt += 1;
    const wait = backoffMs(attempt, options);
    options.onError?.(errorFromException(`watch ${source.what}`, cause), wait);
    timer = setTimeout(() => void run(known), wait);
  }

  async function run(previousKeys: ReadonlySet<string>): Promise<void> {
    if (stopped) return;
    let listed = false;
    // Objects known before this (re)list but absent from it were deleted meanwhile: report them too.
    const listAndReportVanished = async () => {
      const list = await source.list();
      // Stopped while listing: fail the start, as client-node's informer would open its watch after the list.
      if (stopped) throw new Error(`${source.what}: informer stopped while listing`);
      listed = true;
      const present = new Set(list.items.map(keyOf));
      const vanished = [...previousKeys].filter((key) => !present.has(key));
      queueMicrotask(() => vanished.forEach(notifyKey));
      return list;
    };
    const informer = makeInformer<T>(kubeConfig, source.path, listAndReportVanished);
    current = informer;
    let failedRun = false;
    const fail = (cause: unknown) => {
      if (failedRun || stopped || current !== informer) return;
      failedRun = true;
      synced = false;
      const cached = informer.list().map(keyOf);
      void informer.stop();
      retryLater(cause, new Set(listed ? cached : [...previousKeys, ...cached]));
    };
    informer.on('add', notify(false));
    informer.on('update', notify(false));
    informer.on('delete', notify(true));
    informer.on('error', fail);
    try {
      await informer.start();
    } catch (cause) {
      fail(cause); // makeInformer reports failures through 'error'; this is for a throw it did not catch.
      return;
    }
    if (!failedRun && !stopped) {
      attempt = 0;
      synced = true;
    }
  }

  const started = run(new Set());
  return {
    started,
    synced: () => synced,
    // The last informer's cache stays readable while a re-list waits (synced() says it may be stale).
    get: (namespace, name) => current?.get(name, namespace),
    list: (namespace) => current?.list(namespace) ?? [],
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current?.stop();
    },
  };
}

/** Freezes `value` and every object and array inside it; answers `value`. */
function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}
