// The kubeconfig as kubectl reads it: --kubeconfig, else $KUBECONFIG, else
// ~/.kube/config (client-node's loadFromDefault); --context picks a context
// of it; the namespace is -n, else the context's namespace, else `default`.
import { KubeConfig } from '@kubernetes/client-node';
import { failed, ok, type Result } from '../core/result.js';
import { CanaryClient } from './canary-client.js';
import type { ClusterConnection, ConnectionError, GlobalOptions } from './cli-context.js';

type Where = Pick<GlobalOptions, 'kubeconfig' | 'context' | 'namespace'>;

/** Loads the kubeconfig; an unreadable file or an unknown --context is a `kubeconfig` error naming it and the contexts there are. */
export function loadKubeConfig(where: Where): Result<KubeConfig, ConnectionError> {
  const kubeConfig = new KubeConfig();
  try {
    if (where.kubeconfig) kubeConfig.loadFromFile(where.kubeconfig);
    else kubeConfig.loadFromDefault();
  } catch (error) {
    const source = where.kubeconfig ?? 'the default kubeconfig ($KUBECONFIG or ~/.kube/config)';
    return failed({ code: 'kubeconfig', retryable: false, message: `Could not read ${source}: ${(error as Error).message}` });
  }
  if (where.context !== undefined) {
    const names = kubeConfig.getContexts().map((context) => context.name);
    if (!names.includes(where.context)) {
      const known = names.length > 0 ? names.join(', ') : 'none';
      return failed({ code: 'kubeconfig', retryable: false, message: `--context ${where.context}: no such context in the kubeconfig (contexts: ${known})` });
    }
    kubeConfig.setCurrentContext(where.context);
  }
  return ok(kubeConfig);
}

/** -n, else the namespace of the kubeconfig's current context, else `default` (as kubectl). */
export function namespaceOf(kubeConfig: KubeConfig, namespace: string | undefined): string {
  if (namespace) return namespace;
  return kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace || 'default';
}

/** The connection a command asks for through CliContext.connect, made once. */
export function connectOnce(where: Where): () => Result<ClusterConnection, ConnectionError> {
  let made: Result<ClusterConnection, ConnectionError> | undefined;
  return () => {
    if (made) return made;
    const loaded = loadKubeConfig(where);
    made = loaded.ok
      ? ok({ kubeConfig: loaded.value, namespace: namespaceOf(loaded.value, where.namespace), client: new CanaryClient(loaded.value) })
      : loaded;
    return made;
  };
}
