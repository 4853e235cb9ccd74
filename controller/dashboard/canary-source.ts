// What the dashboard reads: the Canaries someone else watches (the
// controller's informer cache, or the `songbird dashboard` command's own
// watch), and a way to hear of their changes. The dashboard never writes.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { SourceState } from './dashboard-api.js';

export type { SourceState } from './dashboard-api.js';

/** One Canary changed (`object` absent when it vanished while a watch was down; `gone`: deleted). */
export interface CanaryChange {
  readonly namespace: string;
  readonly name: string;
  readonly object: KubernetesObject | undefined;
  readonly gone: boolean;
}

export interface CanarySource {
  /** Every Canary known, as the apiserver sent it (do not mutate). */
  list(): readonly KubernetesObject[];
  state(): SourceState;
  /** Calls `listener` after each change; answers the unsubscribe function. */
  subscribe(listener: (change: CanaryChange) => void): () => void;
}

/** A CanarySource fed by hand: a watch calls `changed` for every add, update and delete. */
export interface CanaryFeed extends CanarySource {
  changed(namespace: string, name: string, object: KubernetesObject | undefined, gone: boolean): void;
  /** Forgets every Canary (the watch stopped) without telling listeners of each. */
  clear(): void;
}

export interface CanaryFeedOptions {
  /** Only Canaries of this namespace are kept (the controller's SONGBIRD_NAMESPACE); others are ignored. */
  readonly namespace?: string;
  /** The state the source reports, asked each time (the watch's own readiness). */
  readonly state: () => SourceState;
}

/** A CanaryFeed keyed by namespace/name; listeners that throw are the caller's bug and are not caught. */
export function createCanaryFeed(options: CanaryFeedOptions): CanaryFeed {
  const canaries = new Map<string, KubernetesObject>();
  const listeners = new Set<(change: CanaryChange) => void>();
  return {
    list: () => [...canaries.values()],
    state: options.state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    changed(namespace, name, object, gone) {
      if (options.namespace !== undefined && namespace !== options.namespace) return;
      const key = `${namespace}/${name}`;
      if (gone || !object) canaries.delete(key);
      else canaries.set(key, object);
      const change: CanaryChange = { namespace, name, object: gone ? undefined : object, gone: gone || !object };
      for (const listener of [...listeners]) listener(change);
    },
    clear: () => canaries.clear(),
  };
}
