// The controller's dashboard source: while this replica leads, the Canaries
// of its informer cache (every Canary change the caches report is teed into
// a feed, no second watch); while it stands by (its caches do not run), a
// watch of its own, started when the dashboard is first read, since a
// port-forward to the metrics Service may reach either replica.
import type { ClusterCacheHub } from '../adapters/kubernetes/cluster-caches.js';
import { createCanaryFeed, type CanarySource } from './canary-source.js';

export interface CacheFedDashboard {
  /** The caches to hand the controller instead of `hub`: the same, with Canary changes also fed to `source`. */
  readonly caches: ClusterCacheHub;
  readonly source: CanarySource;
}

export interface CacheFeedOptions {
  /** Only this namespace's Canaries are shown (the controller's SONGBIRD_NAMESPACE); all when undefined. */
  readonly namespace?: string;
  /** Makes the standby's own source (canary-watch.ts watchCanaries); called once, on the first read while not leading. */
  readonly standby: () => CanarySource;
}

/** Wraps `hub` so its Canary changes feed the dashboard; see CacheFedDashboard. */
export function feedDashboardFromCaches(hub: ClusterCacheHub, options: CacheFeedOptions): CacheFedDashboard {
  let unsynced: (() => readonly string[]) | undefined;
  let standby: CanarySource | undefined;
  const feed = createCanaryFeed({
    ...(options.namespace === undefined ? {} : { namespace: options.namespace }),
    state: () =>
      unsynced?.().includes('canaries')
        ? { live: false, message: "leading replica: the controller's Canary informer has not listed them yet" }
        : { live: true, message: "leading replica: the controller's Canary cache" },
  });
  const current = (): CanarySource => {
    if (unsynced) return feed;
    standby ??= options.standby();
    return standby;
  };
  const caches: ClusterCacheHub = {
    reader: (kind) => hub.reader(kind),
    start(onChange, startOptions) {
      const running = hub.start((kind, namespace, name, object, gone) => {
        if (kind === 'canaries') feed.changed(namespace, name, object, gone);
        onChange(kind, namespace, name, object, gone);
      }, startOptions);
      unsynced = () => running.unsynced();
      return {
        ...running,
        async stop() {
          unsynced = undefined;
          feed.clear();
          await running.stop();
        },
      };
    },
  };
  return {
    caches,
    source: {
      list: () => current().list(),
      state: () => current().state(),
      subscribe: (listener) => current().subscribe(listener),
    },
  };
}
