import { KubeConfig, CustomObjectsApi, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../schema/canary.js';
import { parseCanaryStatus } from '../schema/canary.js';
import type { CanaryStatus } from '../schema/canary-status.js';

export interface CanaryView {
  namespace: string;
  name: string;
  annotations: Record<string, string>;
  status: CanaryStatus;
}

/** The CLI's only door to the cluster: read a Canary, patch its annotations. */
export class CanaryClient {
  private readonly api: CustomObjectsApi;

  constructor(kubeConfig: KubeConfig) {
    this.api = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  async get(namespace: string, name: string): Promise<CanaryView> {
    const object = (await this.api.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, namespace, name })) as {
      metadata?: { annotations?: Record<string, string> };
      status?: unknown;
    };
    return { namespace, name, annotations: object.metadata?.annotations ?? {}, status: parseCanaryStatus(object.status) };
  }

  /** null removes the annotation. */
  async annotate(namespace: string, name: string, annotations: Record<string, string | null>): Promise<void> {
    await this.api.patchNamespacedCustomObject(
      { group: GROUP, version: VERSION, plural: PLURAL, namespace, name, body: { metadata: { annotations } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
  }
}
