// The leader-election Lease (coordination.k8s.io/v1): read it, create it,
// replace it conditioned on the resourceVersion read. No decisions here: the
// runtime's leader-decision.ts decides what to write, leader-election.ts when.
import { V1MicroTime, type V1Lease } from '@kubernetes/client-node';
import type { KubernetesClients } from './kubernetes-clients.js';
import { failed, ok, type KubeResult } from './kubernetes-errors.js';
import { attempt, readOptional } from './read-optional.js';

/**
 * A Lease's spec as read, with its metadata.resourceVersion. Times are the
 * apiserver's MicroTime text (RFC 3339, 6 fractional digits), written by the
 * holder's clock: the election never compares them with ours.
 */
export interface LeaseRecord {
  readonly holderIdentity?: string;
  readonly leaseDurationSeconds?: number;
  readonly acquireTime?: string;
  readonly renewTime?: string;
  readonly leaseTransitions?: number;
  readonly resourceVersion: string;
}

/**
 * What a create or an update writes into the Lease's spec. Times in epoch
 * milliseconds of the local clock; `holderIdentity: ''` is a released Lease
 * (client-go's ReleaseOnCancel). `leaseDurationSeconds` must be > 0 and
 * `leaseTransitions` >= 0: the apiserver refuses anything else with 422
 * (k8s.io/kubernetes pkg/apis/coordination/validation, ValidateLeaseSpec).
 */
export interface LeaseClaim {
  readonly holderIdentity: string;
  readonly leaseDurationSeconds: number;
  readonly acquireTimeMs: number;
  readonly renewTimeMs: number;
  readonly leaseTransitions: number;
}

/** One Lease, bound to its namespace and name; what leader-election.ts is given. */
export interface LeaseLock {
  /** "Lease <namespace>/<name>", for logs. */
  readonly description: string;
  read(): Promise<KubeResult<LeaseRecord | undefined>>;
  create(claim: LeaseClaim): Promise<KubeResult<LeaseRecord>>;
  update(claim: LeaseClaim, resourceVersion: string): Promise<KubeResult<LeaseRecord>>;
}

/** The LeaseLock of Lease `namespace/name`, over `clients.coordination`. */
export function createLeaseLock(clients: KubernetesClients, namespace: string, name: string): LeaseLock {
  return {
    description: `Lease ${namespace}/${name}`,
    read: () => readLease(clients, namespace, name),
    create: (claim) => createLease(clients, namespace, name, claim),
    update: (claim, resourceVersion) => updateLease(clients, namespace, name, claim, resourceVersion),
  };
}

/**
 * GET Lease `namespace/name`. Absent (404) is `ok(undefined)`; other failures
 * are KubernetesError values (403 `forbidden` names the verb and the Lease).
 */
export async function readLease(clients: KubernetesClients, namespace: string, name: string): Promise<KubeResult<LeaseRecord | undefined>> {
  const read = await readOptional(`get Lease ${namespace}/${name}`, () => clients.coordination.readNamespacedLease({ name, namespace }));
  if (!read.ok) return read;
  if (read.value === undefined) return ok(undefined);
  return recordOf(read.value, `get Lease ${namespace}/${name}`);
}

/** POST the Lease with `claim` as its spec. Someone created it first: `alreadyExists` (409). */
export async function createLease(clients: KubernetesClients, namespace: string, name: string, claim: LeaseClaim): Promise<KubeResult<LeaseRecord>> {
  const what = `create Lease ${namespace}/${name}`;
  const created = await attempt(what, () => clients.coordination.createNamespacedLease({ namespace, body: leaseBody(namespace, name, claim) }));
  return created.ok ? recordOf(created.value, what) : created;
}

/**
 * PUT the Lease with `claim` as its spec, conditioned on `resourceVersion`:
 * another writer since that read is `conflict` (409), a deleted Lease
 * `notFound` (a Lease is never created by an update: the registry's
 * AllowCreateOnUpdate is false). Labels and annotations are not kept (Songbird
 * creates its Lease without any).
 */
export async function updateLease(
  clients: KubernetesClients,
  namespace: string,
  name: string,
  claim: LeaseClaim,
  resourceVersion: string,
): Promise<KubeResult<LeaseRecord>> {
  const what = `update Lease ${namespace}/${name}`;
  const body = leaseBody(namespace, name, claim, resourceVersion);
  const replaced = await attempt(what, () => clients.coordination.replaceNamespacedLease({ name, namespace, body }));
  return replaced.ok ? recordOf(replaced.value, what) : replaced;
}

function leaseBody(namespace: string, name: string, claim: LeaseClaim, resourceVersion?: string): V1Lease {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name, namespace, ...(resourceVersion === undefined ? {} : { resourceVersion }) },
    spec: {
      holderIdentity: claim.holderIdentity,
      leaseDurationSeconds: claim.leaseDurationSeconds,
      // V1MicroTime serializes with 6 fractional digits, the only form the
      // apiserver parses (apimachinery meta/v1 micro_time.go, RFC3339Micro).
      acquireTime: new V1MicroTime(claim.acquireTimeMs),
      renewTime: new V1MicroTime(claim.renewTimeMs),
      leaseTransitions: claim.leaseTransitions,
    },
  };
}

function recordOf(lease: V1Lease, what: string): KubeResult<LeaseRecord> {
  const resourceVersion = lease.metadata?.resourceVersion;
  if (!resourceVersion) {
    return failed({ code: 'badResponse', retryable: false, message: `Unexpected answer to the request to ${what}: the Lease has no metadata.resourceVersion` });
  }
  const spec = lease.spec ?? {};
  const acquireTime = timeText(spec.acquireTime);
  const renewTime = timeText(spec.renewTime);
  return ok({
    resourceVersion,
    ...(spec.holderIdentity === undefined ? {} : { holderIdentity: spec.holderIdentity }),
    ...(spec.leaseDurationSeconds === undefined ? {} : { leaseDurationSeconds: spec.leaseDurationSeconds }),
    ...(acquireTime === undefined ? {} : { acquireTime }),
    ...(renewTime === undefined ? {} : { renewTime }),
    ...(spec.leaseTransitions === undefined ? {} : { leaseTransitions: spec.leaseTransitions }),
  });
}

// client-node 1.4 hands MicroTime fields back as the JSON string (it has no
// deserializer for V1MicroTime); a Date is accepted too.
function timeText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  return undefined;
}
