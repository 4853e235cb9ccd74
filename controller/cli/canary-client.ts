// The CLI's only door to the cluster: list and read Canaries, patch their
// annotations. Failures are values (KubeResult) whose message names the Canary.
// Requests go through json-request.ts (the apiserver's JSON as written; a 2xx
// that is not JSON, or not the object asked for, is an error naming what came
// back) and are stopped by Ctrl-C or --request-timeout (bounded-kube-config.ts).
import type { KubeConfig } from '@kubernetes/client-node';
import { makeSendJson, isJsonObject, type ExpectedAnswer, type JsonObject, type SendJson } from '../adapters/kubernetes/json-request.js';
import { errorFromException, failed, ok, type KubeResult, type KubernetesError } from '../adapters/kubernetes/kubernetes-errors.js';
import { GROUP, PLURAL, VERSION, parseCanarySpec } from '../schema/canary.js';
import { readCanaryStatus } from '../core/status-reading.js';
import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import { durationText, isAborted, type RequestBounds } from './bounded-kube-config.js';
import { terminalSafe } from './terminal-safe.js';

/**
 * One Canary as the CLI shows it. Every string but `object`'s is safe to
 * print on a terminal (terminal-safe.ts: control and bidi characters written
 * as visible escapes); `object` is the object as the apiserver answered it,
 * untouched (for -o json|yaml).
 */
export interface CanaryView {
  readonly namespace: string;
  readonly name: string;
  /** metadata.creationTimestamp (RFC 3339), when the apiserver set one. */
  readonly createdAt?: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** The spec with defaults, or undefined when it does not parse (the controller refuses it too). */
  readonly spec?: CanarySpec;
  readonly status: CanaryStatus;
  /**
   * Why the stored status could not be read, field by field (core/status-reading.ts, as the controller
   * reads it): then `status` is empty and the controller holds the Canary until the status is fixed.
   */
  readonly statusProblems?: readonly string[];
  readonly object: unknown;
}

interface StoredCanary {
  metadata?: { name?: unknown; namespace?: unknown; creationTimestamp?: unknown; annotations?: unknown };
  spec?: unknown;
  status?: unknown;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Reads a stored Canary into a view (strings made terminal-safe); the namespace and name default to those asked for. */
export function viewOf(object: unknown, fallback: { namespace: string; name?: string } = { namespace: '' }): CanaryView {
  const stored = (isJsonObject(object) ? object : {}) as StoredCanary;
  const metadata = isJsonObject(stored.metadata) ? stored.metadata : {};
  const created = metadata.creationTimestamp instanceof Date ? metadata.creationTimestamp.toISOString() : text(metadata.creationTimestamp);
  const annotations = isJsonObject(metadata.annotations)
    ? Object.fromEntries(Object.entries(metadata.annotations).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
    : {};
  const spec = parseCanarySpec(stored.spec);
  const reading = readCanaryStatus(stored.status);
  return {
    ...terminalSafe({
      namespace: text(metadata.namespace) ?? fallback.namespace,
      name: text(metadata.name) ?? fallback.name ?? '',
      ...(created ? { createdAt: created } : {}),
      annotations,
      ...(spec.ok ? { spec: spec.spec } : {}),
      status: reading.kind === 'read' ? reading.status : {},
      ...(reading.kind === 'hold' ? { statusProblems: reading.problems.map((p) => p.message) } : {}),
    }),
    object,
  };
}

const API_VERSION = `${GROUP}/${VERSION}`;
const collection = (namespace: string | undefined) =>
  namespace === undefined ? `/apis/${GROUP}/${VERSION}/${PLURAL}` : `/apis/${GROUP}/${VERSION}/namespaces/${encodeURIComponent(namespace)}/${PLURAL}`;

/** What a 2xx answer about Canary `namespace/name` must be: a Canary of that name. */
function aCanary(namespace: string, name: string): ExpectedAnswer {
  return {
    what: `the Canary ${namespace}/${name}`,
    problem: (answer) => {
      if (answer['kind'] !== 'Canary' || answer['apiVersion'] !== API_VERSION) return `kind ${JSON.stringify(answer['kind'])} of apiVersion ${JSON.stringify(answer['apiVersion'])}`;
      const metadata = isJsonObject(answer['metadata']) ? answer['metadata'] : {};
      return metadata['name'] === name ? undefined : `a Canary named ${JSON.stringify(metadata['name'])}`;
    },
  };
}

/** What a 2xx answer to a list must be: a CanaryList whose items are objects with a name and namespace. */
const A_LIST: ExpectedAnswer = {
  what: `a ${API_VERSION} CanaryList`,
  problem: (answer) => {
    if (answer['kind'] !== 'CanaryList' || !Array.isArray(answer['items'])) return `kind ${JSON.stringify(answer['kind'])}${Array.isArray(answer['items']) ? '' : ' without items'}`;
    const bad = (answer['items'] as unknown[]).findIndex((item) => {
      const metadata = isJsonObject(item) && isJsonObject(item['metadata']) ? item['metadata'] : undefined;
      return typeof metadata?.['name'] !== 'string' || typeof metadata['namespace'] !== 'string';
    });
    return bad < 0 ? undefined : `items[${bad}] is not an object with metadata.name and metadata.namespace`;
  },
};

export class CanaryClient {
  private readonly send: SendJson;

  /** A client over the kubeconfig's current cluster; `bounds` says which signal and timeout stopped a request, for the message. */
  constructor(
    kubeConfig: KubeConfig,
    private readonly bounds?: RequestBounds,
  ) {
    this.send = makeSendJson(kubeConfig);
  }

  /** Canaries of one namespace, or of all (`namespace` undefined), sorted by namespace then name. */
  async list(namespace: string | undefined): Promise<KubeResult<CanaryView[]>> {
    const where = namespace === undefined ? 'in any namespace' : `in namespace ${namespace}`;
    try {
      const answer = await this.send({ method: 'GET', path: collection(namespace), expected: A_LIST });
      const views = (answer['items'] as unknown[]).map((item) => viewOf(item, { namespace: namespace ?? '' }));
      views.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
      return ok(views);
    } catch (error) {
      return failed(this.failure({ what: `list Canaries ${where}`, verb: 'list', where }, error));
    }
  }

  /** One Canary; `notFound` names it when it does not exist. */
  async get(namespace: string, name: string): Promise<KubeResult<CanaryView>> {
    try {
      const object: JsonObject = await this.send({ method: 'GET', path: `${collection(namespace)}/${encodeURIComponent(name)}`, expected: aCanary(namespace, name) });
      return ok(viewOf(object, { namespace, name }));
    } catch (error) {
      return failed(this.failure({ what: `read Canary ${namespace}/${name}`, verb: 'get', where: `in namespace ${namespace}` }, error));
    }
  }

  /** Merge-patches metadata.annotations; null removes an annotation. The answer must be the patched Canary. */
  async annotate(namespace: string, name: string, annotations: Readonly<Record<string, string | null>>): Promise<KubeResult<void>> {
    try {
      await this.send({
        method: 'PATCH',
        path: `${collection(namespace)}/${encodeURIComponent(name)}`,
        body: { metadata: { annotations } },
        contentType: 'application/merge-patch+json',
        expected: aCanary(namespace, name),
      });
      return ok(undefined);
    } catch (error) {
      return failed(this.failure({ what: `annotate Canary ${namespace}/${name}`, verb: 'patch', where: `in namespace ${namespace}` }, error));
    }
  }

  /**
   * errorFromException's error, told from the user's side: a 403 is the
   * kubeconfig user's RBAC (not Songbird's), a stopped request names Ctrl-C or
   * the --request-timeout that stopped it.
   */
  private failure(request: { what: string; verb: string; where: string }, error: unknown): KubernetesError {
    const mapped = errorFromException(request.what, error);
    if (mapped.code === 'forbidden') {
      const said = mapped.message.split(": check Songbird's RBAC")[1] ?? '';
      return { ...mapped, message: `Not allowed to ${request.what} (403): your kubeconfig's user may not ${request.verb} canaries.${GROUP} ${request.where}${said}` };
    }
    if (isAborted(error) && this.bounds) {
      const { signal, timeoutMs } = this.bounds;
      const why = signal.aborted ? 'interrupted' : `no answer within ${timeoutMs === undefined ? 'the request timeout' : durationText(timeoutMs)} (--request-timeout)`;
      return { code: 'network', retryable: !signal.aborted, cause: error, message: `Could not ${request.what}: ${why}` };
    }
    return mapped;
  }
}
