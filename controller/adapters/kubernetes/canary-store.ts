// Reads Canaries and writes their status through the status subresource.
import type { CanaryStatus } from '../../schema/canary-status.js';
import { GROUP, PLURAL, VERSION, type CanaryResource } from '../../schema/canary.js';
import { jsonPatch, type KubernetesClients } from './kubernetes-clients.js';
import { failed, ok, type KubeResult } from './kubernetes-errors.js';
import { attempt, readOptional } from './read-optional.js';

const crd = { group: GROUP, version: VERSION, plural: PLURAL } as const;

/** A Canary, or undefined when it does not exist (it was deleted). */
export async function getCanary(clients: KubernetesClients, namespace: string, name: string): Promise<KubeResult<CanaryResource | undefined>> {
  const read = await readOptional(`read Canary ${namespace}/${name}`, () => clients.custom.getNamespacedCustomObject({ ...crd, namespace, name }));
  if (!read.ok || read.value === undefined) return read as KubeResult<undefined>;
  return asCanary(read.value, `Canary ${namespace}/${name}`);
}

/** Every Canary, in one namespace or (without one) in all. */
export async function listCanaries(clients: KubernetesClients, namespace?: string): Promise<KubeResult<CanaryResource[]>> {
  const where = namespace ? `in namespace ${namespace}` : 'in all namespaces';
  const list = await attempt(`list Canaries ${where}`, () =>
    namespace ? clients.custom.listNamespacedCustomObject({ ...crd, namespace }) : clients.custom.listClusterCustomObject({ ...crd }),
  );
  if (!list.ok) return list;
  const items: unknown = (list.value as { items?: unknown })?.items;
  if (!Array.isArray(items)) return failed({ code: 'badResponse', retryable: true, message: `The list of Canaries ${where} has no items` });
  const canaries: CanaryResource[] = [];
  for (const item of items) {
    const canary = asCanary(item, 'a listed Canary');
    if (!canary.ok) return canary;
    canaries.push(canary.value);
  }
  return ok(canaries);
}

export interface WriteStatusOptions {
  /** When given, the write fails with `conflict` if the Canary changed since this version. */
  readonly resourceVersion?: string;
}

/**
 * Replaces the whole status (a JSON patch `add /status`, so fields the new
 * status leaves out are removed). Answers the Canary's new resourceVersion.
 */
export async function writeStatus(
  clients: KubernetesClients,
  namespace: string,
  name: string,
  status: CanaryStatus,
  options: WriteStatusOptions = {},
): Promise<KubeResult<{ resourceVersion: string }>> {
  const body = [
    ...(options.resourceVersion ? [{ op: 'replace', path: '/metadata/resourceVersion', value: options.resourceVersion }] : []),
    { op: 'add', path: '/status', value: JSON.parse(JSON.stringify(status)) as unknown },
  ];
  const written = await attempt(`write the status of Canary ${namespace}/${name}`, () =>
    clients.custom.patchNamespacedCustomObjectStatus({ ...crd, namespace, name, body }, jsonPatch()),
  );
  if (!written.ok) return written;
  const resourceVersion = (written.value as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion ?? '';
  return ok({ resourceVersion });
}

function asCanary(raw: unknown, what: string): KubeResult<CanaryResource> {
  const metadata = (raw as { metadata?: { name?: unknown; namespace?: unknown } } | undefined)?.metadata;
  if (typeof metadata?.name !== 'string' || typeof metadata.namespace !== 'string') {
    return failed({ code: 'badResponse', retryable: false, message: `${what} has no metadata.name or metadata.namespace` });
  }
  return ok(raw as CanaryResource);
}
