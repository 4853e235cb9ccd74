// Lists every VirtualService of a namespace and summarises each for the core
// (virtual-service-summary.ts). One list call, no paging: the apiserver
// answers the whole collection when no `limit` is sent.
import type { KubernetesClients } from '../kubernetes/kubernetes-clients.js';
import { failed, ok, type KubeResult } from '../kubernetes/kubernetes-errors.js';
import type { CanaryRef } from '../kubernetes/owner-reference.js';
import { attempt } from '../kubernetes/read-optional.js';
import { ISTIO_GROUP, ISTIO_VERSION, VIRTUAL_SERVICES, type VirtualService } from './istio-resources.js';
import type { VirtualServiceSummary } from '../../core/observations.js';
import { summariseVirtualService } from './virtual-service-summary.js';

/**
 * Every VirtualService in `namespace` (networking.istio.io/v1 list), as
 * VirtualServiceSummary, relation relative to `canary`, in the order the
 * apiserver listed them. Errors: the apiserver's (`forbidden` when RBAC lacks
 * `list virtualservices`, `network`, `server`), and `badResponse` when the
 * answer has no `items` array or an item without metadata.name/namespace.
 */
export async function observeVirtualServices(clients: KubernetesClients, namespace: string, canary: CanaryRef): Promise<KubeResult<VirtualServiceSummary[]>> {
  const what = `list VirtualServices in ${namespace}`;
  const listed = await attempt(what, async () =>
    (await clients.custom.listNamespacedCustomObject({ group: ISTIO_GROUP, version: ISTIO_VERSION, plural: VIRTUAL_SERVICES, namespace })) as unknown,
  );
  if (!listed.ok) return listed;
  const items = (listed.value as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) {
    return failed({ code: 'badResponse', retryable: false, message: `Unexpected answer to the request to ${what}: no items array` });
  }
  const summaries: VirtualServiceSummary[] = [];
  for (const [index, item] of items.entries()) {
    const metadata = (item as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
    if (typeof metadata?.name !== 'string' || typeof metadata.namespace !== 'string') {
      return failed({ code: 'badResponse', retryable: false, message: `Unexpected answer to the request to ${what}: items[${index}] has no metadata.name and namespace` });
    }
    summaries.push(summariseVirtualService(item as VirtualService, canary));
  }
  return ok(summaries);
}
