// The CLI's only door to the cluster: list and read Canaries, patch their
// annotations. Failures are values (KubeResult) whose message names the Canary.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from '@kubernetes/client-node';
import { errorFromException, failed, ok, type KubeResult } from '../adapters/kubernetes/kubernetes-errors.js';
import { GROUP, PLURAL, VERSION, parseCanarySpec, parseCanaryStatus } from '../schema/canary.js';
import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';

/** One Canary as the CLI shows it; `object` is the object as the apiserver answered it (for -o json|yaml). */
export interface CanaryView {
  readonly namespace: string;
  readonly name: string;
  /** metadata.creationTimestamp (RFC 3339), when the apiserver set one. */
  readonly createdAt?: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** The spec with defaults, or undefined when it does not parse (the controller refuses it too). */
  readonly spec?: CanarySpec;
  readonly status: CanaryStatus;
  readonly object: unknown;
}

interface StoredCanary {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: string | Date; annotations?: Record<string, string> };
  spec?: unknown;
  status?: unknown;
}

/** Reads a stored Canary into a view; the namespace and name default to those asked for. */
export function viewOf(object: unknown, fallback: { namespace: string; name?: string } = { namespace: '' }): CanaryView {
  const stored = (object ?? {}) as StoredCanary;
  const created = stored.metadata?.creationTimestamp;
  const spec = parseCanarySpec(stored.spec);
  return {
    namespace: stored.metadata?.namespace ?? fallback.namespace,
    name: stored.metadata?.name ?? fallback.name ?? '',
    ...(created ? { createdAt: created instanceof Date ? created.toISOString() : created } : {}),
    annotations: stored.metadata?.annotations ?? {},
    ...(spec.ok ? { spec: spec.spec } : {}),
    status: parseCanaryStatus(stored.status),
    object,
  };
}

export class CanaryClient {
  private readonly api: CustomObjectsApi;

  constructor(kubeConfig: KubeConfig) {
    this.api = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /** Canaries of one namespace, or of all (`namespace` undefined), sorted by namespace then name. */
  async list(namespace: string | undefined): Promise<KubeResult<CanaryView[]>> {
    const where = namespace === undefined ? 'in any namespace' : `in namespace ${namespace}`;
    try {
      const answer = (namespace === undefined
        ? await this.api.listClusterCustomObject({ group: GROUP, version: VERSION, plural: PLURAL })
        : await this.api.listNamespacedCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, namespace })) as { items?: unknown[] };
      const views = (answer.items ?? []).map((item) => viewOf(item, { namespace: namespace ?? '' }));
      views.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
      return ok(views);
    } catch (error) {
      return failed(errorFromException(`list Canaries ${where}`, error));
    }
  }

  /** One Canary; `notFound` names it when it does not exist. */
  async get(namespace: string, name: string): Promise<KubeResult<CanaryView>> {
    try {
      const object = await this.api.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, namespace, name });
      return ok(viewOf(object, { namespace, name }));
    } catch (error) {
      return failed(errorFromException(`read Canary ${namespace}/${name}`, error));
    }
  }

  /** Merge-patches metadata.annotations; null removes an annotation. */
  async annotate(namespace: string, name: string, annotations: Readonly<Record<string, string | null>>): Promise<KubeResult<void>> {
    try {
      await this.api.patchNamespacedCustomObject(
        { group: GROUP, version: VERSION, plural: PLURAL, namespace, name, body: { metadata: { annotations } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      );
      return ok(undefined);
    } catch (error) {
      return failed(errorFromException(`annotate Canary ${namespace}/${name}`, error));
    }
  }
}
