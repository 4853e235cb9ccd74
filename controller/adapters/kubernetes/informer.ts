// Watches one kind of object in all namespaces and calls onChange(namespace,
// name) for every add, update and delete. List, then watch; when the list or
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

export interface RunningInformer {
  stop(): Promise<void>;
  /** Resolves once the first list has been delivered (or has failed and a retry is scheduled). */
  readonly started: Promise<void>;
}

export type OnChange = (namespace: string, name: string) => void;

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
  onChange: OnChange,
  options: InformerOptions = {},
): RunningInformer {
  let stopped = false;
  let attempt = 0;
  let timer: NodeJS.Timeout | undefined;
  let current: ReturnType<typeof makeInformer<T>> | undefined;

  const keyOf = (obj: T) => `${obj.metadata?.namespace ?? ''}/${obj.metadata?.name ?? ''}`;
  const notify = (obj: T) => {
    if (!stopped && obj.metadata?.name) onChange(obj.metadata.namespace ?? '', obj.metadata.name);
  };

  async function run(previousKeys: ReadonlySet<string>): Promise<void> {
    if (stopped) return;
    const informer = makeInformer<T>(kubeConfig, source.path, source.list);
    current = informer;
    let failedRun = false;
    informer.on('change', notify);
    informer.on('error', (cause: unknown) => {
      if (failedRun || stopped || current !== informer) return;
      failedRun = true;
      const known = new Set([...previousKeys, ...informer.list().map(keyOf)]);
      attempt += 1;
      const wait = backoffMs(attempt, options);
      options.onError?.(errorFromException(`watch ${source.what}`, cause), wait);
      void informer.stop();
      timer = setTimeout(() => void run(known), wait);
    });
    try {
      await informer.start();
    } catch (cause) {
      // makeInformer reports failures through 'error'; this is only for a throw it did not catch.
      if (!failedRun) {
        failedRun = true;
        attempt += 1;
        const wait = backoffMs(attempt, options);
        options.onError?.(errorFromException(`watch ${source.what}`, cause), wait);
        timer = setTimeout(() => void run(previousKeys), wait);
      }
      return;
    }
    if (failedRun || stopped) return;
    attempt = 0;
    const present = new Set(informer.list().map(keyOf));
    for (const key of previousKeys) {
      if (present.has(key)) continue;
      const slash = key.indexOf('/');
      onChange(key.slice(0, slash), key.slice(slash + 1));
    }
  }

  const started = run(new Set());
  return {
    started,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current?.stop();
    },
  };
}
