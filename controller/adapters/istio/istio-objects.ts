// Reads and writes Istio objects (custom objects) as error values. Objects
// come back as the apiserver stored them, unknown fields included.
import type { KubernetesClients } from '../kubernetes/kubernetes-clients.js';
import type { KubeResult } from '../kubernetes/kubernetes-errors.js';
import { attempt, readOptional } from '../kubernetes/read-optional.js';
import { ISTIO_GROUP, ISTIO_VERSION } from './istio-resources.js';
import type { ObjectPlan } from './virtual-service-plan.js';

export type IstioPlural = 'virtualservices' | 'destinationrules';

const KIND_OF: Record<IstioPlural, string> = { virtualservices: 'VirtualService', destinationrules: 'DestinationRule' };

interface Named {
  metadata: { name: string; namespace: string };
}

export function readIstioObject<T>(clients: KubernetesClients, plural: IstioPlural, namespace: string, name: string): Promise<KubeResult<T | undefined>> {
  return readOptional(`read ${KIND_OF[plural]} ${namespace}/${name}`, async () =>
    (await clients.custom.getNamespacedCustomObject({ group: ISTIO_GROUP, version: ISTIO_VERSION, plural, namespace, name })) as T,
  );
}

/** Carries out a plan: create, replace (with the resourceVersion it holds) or nothing. */
export function writeIstioObject<T extends Named>(clients: KubernetesClients, plural: IstioPlural, plan: ObjectPlan<T>): Promise<KubeResult<T>> {
  const { name, namespace } = plan.object.metadata;
  const common = { group: ISTIO_GROUP, version: ISTIO_VERSION, plural, namespace };
  switch (plan.action) {
    case 'none':
      return Promise.resolve({ ok: true, value: plan.object });
    case 'create':
      return attempt(`create ${KIND_OF[plural]} ${namespace}/${name}`, async () =>
        (await clients.custom.createNamespacedCustomObject({ ...common, body: plan.object })) as T,
      );
    case 'replace':
      return attempt(`update ${KIND_OF[plural]} ${namespace}/${name}`, async () =>
        (await clients.custom.replaceNamespacedCustomObject({ ...common, name, body: plan.object })) as T,
      );
    default: {
      const unexpected: never = plan;
      throw new Error(`unknown plan ${JSON.stringify(unexpected)}`);
    }
  }
}

/**
 * Deletes the object as read: the delete carries its uid and resourceVersion as
 * preconditions, so a newer or recreated object is never removed (409). A 404
 * (already gone) counts as done.
 */
export async function deleteIstioObject<T extends Named & { metadata: { uid?: string; resourceVersion?: string } }>(
  clients: KubernetesClients,
  plural: IstioPlural,
  object: T,
): Promise<KubeResult<undefined>> {
  const { name, namespace, uid, resourceVersion } = object.metadata;
  const deleted = await readOptional(`delete ${KIND_OF[plural]} ${namespace}/${name}`, async () =>
    clients.custom.deleteNamespacedCustomObject({
      group: ISTIO_GROUP,
      version: ISTIO_VERSION,
      plural,
      namespace,
      name,
      body: { preconditions: { ...(uid ? { uid } : {}), ...(resourceVersion ? { resourceVersion } : {}) } },
    }),
  );
  return deleted.ok ? { ok: true, value: undefined } : deleted;
}

export const isWriteRace = (result: KubeResult<unknown>): boolean =>
  !result.ok && (result.error.code === 'conflict' || result.error.code === 'alreadyExists');
