// The kubeconfig as kubectl reads it: --kubeconfig, else $KUBECONFIG, else
// ~/.kube/config (client-node's loadFromDefault); --context picks a context
// of it; the namespace is -n, else the context's namespace, else `default`.
// A kubeconfig holds credentials, so no message here ever quotes its text:
// a YAML error is told by file, line, column and js-yaml's reason only.
import { readFileSync } from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { load } from 'js-yaml';
import { failed, ok, type Result } from '../core/result.js';
import { BoundedKubeConfig, type RequestBounds } from './bounded-kube-config.js';
import { CanaryClient } from './canary-client.js';
import type { ClusterConnection, ConnectionError, GlobalOptions } from './cli-context.js';
import { namespaceProblem } from './kubernetes-names.js';

type Where = Pick<GlobalOptions, 'kubeconfig' | 'context' | 'namespace'>;

/** For callers without a signal of their own (tests): a signal that never fires, and the default request timeout. */
const UNBOUNDED_BY_SIGNAL: RequestBounds = { signal: new AbortController().signal, timeoutMs: 30_000 };

const refused = (message: string) => failed<ConnectionError>({ code: 'kubeconfig', retryable: false, message });

/** `line 3, column 5: bad indentation of a mapping entry` for a js-yaml YAMLException (its mark is 0-based), else undefined. */
function yamlProblemOf(error: unknown): string | undefined {
  const { name, reason, mark } = (error ?? {}) as { name?: unknown; reason?: unknown; mark?: { line?: unknown; column?: unknown } };
  if (name !== 'YAMLException' || typeof reason !== 'string') return undefined;
  const at = typeof mark?.line === 'number' && typeof mark.column === 'number' ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '';
  return `not valid YAML${at}: ${reason}`;
}

/** What a parsed YAML document is, when it is not a mapping: `empty`, `a string`, `a list`. */
function describeDocument(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? undefined : `a ${typeof value}`;
}

/** Reads a kubeconfig file's text into the KubeConfig, or says why not without quoting the file. */
function readKubeconfigFile(kubeConfig: KubeConfig, file: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return `Could not read the kubeconfig ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
  }
  let document: unknown;
  try {
    // js-yaml refuses an empty input; an empty kubeconfig is told as such below.
    document = text.trim() === '' ? undefined : load(text);
  } catch (error) {
    return `The kubeconfig ${file} is ${yamlProblemOf(error) ?? 'not valid YAML'}`;
  }
  const what = describeDocument(document);
  if (what) return `The kubeconfig ${file} is not a kubeconfig: it is ${what}, where a kubeconfig is a YAML mapping of clusters, contexts and users`;
  try {
    kubeConfig.loadFromString(text);
  } catch (error) {
    return `The kubeconfig ${file} is not a kubeconfig client-node can read: ${(error as Error).message.split('\n')[0]}`;
  }
  return undefined;
}

/**
 * Loads the kubeconfig into a BoundedKubeConfig (every request stopped by
 * `bounds`). Errors (`kubeconfig`, one line each, naming the file): an
 * unreadable file; invalid YAML (file, line, column, reason; never the text);
 * a document that is not a mapping (an empty file, /etc/passwd); an unknown
 * --context (listing the contexts there are); no current context; a context
 * naming a cluster the file does not define, or a cluster without a server;
 * a context namespace that is not a DNS-1123 label.
 */
export function loadKubeConfig(where: Where, bounds: RequestBounds = UNBOUNDED_BY_SIGNAL): Result<KubeConfig, ConnectionError> {
  const kubeConfig = new BoundedKubeConfig(bounds);
  const source = where.kubeconfig ?? 'the default kubeconfig ($KUBECONFIG or ~/.kube/config)';
  if (where.kubeconfig) {
    const problem = readKubeconfigFile(kubeConfig, where.kubeconfig);
    if (problem) return refused(problem);
  } else {
    try {
      kubeConfig.loadFromDefault();
    } catch (error) {
      const problem = yamlProblemOf(error) ?? `not a kubeconfig client-node can read: ${(error as Error).message.split('\n')[0]}`;
      return refused(`The kubeconfig (${source}) is ${problem}`);
    }
  }
  const names = kubeConfig.getContexts().map((context) => context.name);
  const known = `contexts: ${names.length > 0 ? names.join(', ') : 'none'}`;
  if (where.context !== undefined) {
    if (!names.includes(where.context)) return refused(`--context ${where.context}: no such context in the kubeconfig (${known})`);
    kubeConfig.setCurrentContext(where.context);
  }
  const current = kubeConfig.getCurrentContext();
  const context = current ? kubeConfig.getContextObject(current) : null;
  if (!current) return refused(`${source} has no current-context: pass --context (${known})`);
  if (!context) return refused(`${source}: its current-context ${current} is not one of its contexts (${known})`);
  const clusterNames = kubeConfig.getClusters().map((c) => c.name);
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) return refused(`${source}: context ${current} names cluster ${context.cluster || '(none)'}, which it does not define (clusters: ${clusterNames.join(', ') || 'none'})`);
  if (!cluster.server) return refused(`${source}: cluster ${cluster.name} (of context ${current}) has no server`);
  if (!where.namespace && context.namespace) {
    const problem = namespaceProblem(context.namespace);
    if (problem) return refused(`${source}: context ${current} has namespace ${JSON.stringify(context.namespace)}, ${problem}; pass -n`);
  }
  return ok(kubeConfig);
}

/** -n, else the namespace of the kubeconfig's current context, else `default` (as kubectl). */
export function namespaceOf(kubeConfig: KubeConfig, namespace: string | undefined): string {
  if (namespace) return namespace;
  return kubeConfig.getContextObject(kubeConfig.getCurrentContext())?.namespace || 'default';
}

/** The connection a command asks for through CliContext.connect, made once; its requests are stopped by `bounds`. */
export function connectOnce(where: Where, bounds: RequestBounds = UNBOUNDED_BY_SIGNAL): () => Result<ClusterConnection, ConnectionError> {
  let made: Result<ClusterConnection, ConnectionError> | undefined;
  return () => {
    if (made) return made;
    const loaded = loadKubeConfig(where, bounds);
    made = loaded.ok
      ? ok({ kubeConfig: loaded.value, namespace: namespaceOf(loaded.value, where.namespace), client: new CanaryClient(loaded.value, bounds) })
      : loaded;
    return made;
  };
}
