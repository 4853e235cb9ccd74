// Adds or removes Songbird's finalizer (songbird.dev/hand-back) on a Canary:
// with it, deleting a Canary only sets metadata.deletionTimestamp, and the
// Canary (with everything it owns) stays until Songbird has handed the service
// back and removes the finalizer
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/finalizers/).
import { GROUP, PLURAL, VERSION } from '../../schema/canary.js';
import { jsonPatch, type KubernetesClients } from './kubernetes-clients.js';
import { failed, isLostRace, ok, statusCodeOf, type KubeResult } from './kubernetes-errors.js';
import { FINALIZER } from './owner-reference.js';
import { attempt, readOptional } from './read-optional.js';

export type FinalizerOutcome = 'added' | 'removed' | 'unchanged';

const crd = { group: GROUP, version: VERSION, plural: PLURAL } as const;

/**
 * Makes metadata.finalizers of Canary `namespace/name` include
 * songbird.dev/hand-back (`present`) or not, keeping every other finalizer.
 * Reads the Canary, then writes the whole list with a JSON patch whose first
 * op tests metadata.resourceVersion, so a list another writer changed in
 * between is never overwritten: the apiserver refuses the patch (422 "testing
 * value ... failed", or 409) and this reads and tries once more.
 * A Canary that is gone is ok('unchanged'). Adding the finalizer to a Canary
 * being deleted is refused by the apiserver (an `invalid` value).
 */
export async function setFinalizer(clients: KubernetesClients, namespace: string, name: string, present: boolean): Promise<KubeResult<FinalizerOutcome>> {
  const first = await setFinalizerOnce(clients, namespace, name, present);
  return !first.ok && isLostRace(first.error) ? setFinalizerOnce(clients, namespace, name, present) : first;
}

async function setFinalizerOnce(clients: KubernetesClients, namespace: string, name: string, present: boolean): Promise<KubeResult<FinalizerOutcome>> {
  const what = `${present ? 'add' : 'remove'} the finalizer ${FINALIZER} ${present ? 'to' : 'from'} Canary ${namespace}/${name}`;
  const read = await readOptional(`read Canary ${namespace}/${name}`, () => clients.custom.getNamespacedCustomObject({ ...crd, namespace, name }));
  if (!read.ok) return read;
  if (read.value === undefined) return ok('unchanged');
  const metadata = (read.value as { metadata?: { resourceVersion?: unknown; finalizers?: unknown } }).metadata;
  const finalizers: string[] = Array.isArray(metadata?.finalizers) ? metadata.finalizers.filter((f): f is string => typeof f === 'string') : [];
  if (finalizers.includes(FINALIZER) === present) return ok('unchanged');
  if (typeof metadata?.resourceVersion !== 'string') {
    return failed({ code: 'badResponse', retryable: false, message: `Could not ${what}: the Canary as read has no metadata.resourceVersion` });
  }
  const next = present ? [...finalizers, FINALIZER] : finalizers.filter((f) => f !== FINALIZER);
  const body = [
    { op: 'test', path: '/metadata/resourceVersion', value: metadata.resourceVersion },
    { op: 'add', path: '/metadata/finalizers', value: next },
  ];
  const patched = await attempt(what, () => clients.custom.patchNamespacedCustomObject({ ...crd, namespace, name, body }, jsonPatch()));
  if (!patched.ok) return statusCodeOf(patched.error.cause) === 404 ? ok('unchanged') : patched;
  return ok(present ? 'added' : 'removed');
}
