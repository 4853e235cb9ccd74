// A CanarySource of its own: a watch of Canaries through a kubeconfig (list,
// then watch, relist after failures: adapters/kubernetes/informer.ts), for
// `songbird dashboard` on a person's machine. The controller does not use it:
// it feeds the dashboard from its informer cache (cache-feed.ts).
import type { KubeConfig } from '@kubernetes/client-node';
import { startInformer, type InformerOptions } from '../adapters/kubernetes/informer.js';
import { makeKubernetesClients } from '../adapters/kubernetes/kubernetes-clients.js';
import { canarySource } from '../adapters/kubernetes/watch-sources.js';
import { createCanaryFeed, type CanarySource } from './canary-source.js';

export interface CanaryWatch extends CanarySource {
  /** Resolves once the first list arrived (or failed and a retry is scheduled). */
  readonly started: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Watches the Canaries of `namespace` (undefined: of every namespace, which
 * needs a ClusterRole that may list them). A failed list or watch is not
 * thrown: the source's state says what failed and when it retries, and the
 * page shows it.
 */
export function watchCanaries(kubeConfig: KubeConfig, namespace: string | undefined, options: Pick<InformerOptions, 'minBackoffMs' | 'maxBackoffMs'> = {}): CanaryWatch {
  const clients = makeKubernetesClients(kubeConfig);
  const where = namespace === undefined ? 'in all namespaces' : `in namespace ${namespace}`;
  const source = { ...canarySource(clients, namespace), what: `Canaries ${where}` };
  let problem: string | undefined;
  let synced = (): boolean => false;
  const feed = createCanaryFeed({
    ...(namespace === undefined ? {} : { namespace }),
    state: () =>
      synced()
        ? { live: true, message: `watching Canaries ${where} (kubeconfig context ${kubeConfig.getCurrentContext()})` }
        : { live: false, message: problem ?? `listing Canaries ${where}…` },
  });
  const informer = startInformer(kubeConfig, source, (ns, name, object, gone) => {
    problem = undefined;
    feed.changed(ns, name, object, gone);
  }, {
    ...options,
    onError: (error, retryInMs) => {
      problem = `${error.message}; trying again in ${Math.ceil(retryInMs / 1000)} s`;
    },
  });
  synced = () => informer.synced();
  return {
    list: feed.list,
    state: feed.state,
    subscribe: feed.subscribe,
    started: informer.started,
    stop: () => informer.stop(),
  };
}
