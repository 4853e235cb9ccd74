// Creates or updates the Canary's three Services. A Service of that name that
// the Canary does not own is never touched: that is an error value naming it.
import type { V1Service } from '@kubernetes/client-node';
import { planCanaryServices, serviceIsCurrent, type ServicesInput } from './canary-services.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { failed, ok, type KubeResult } from './kubernetes-errors.js';
import { describeController, isOwnedBy } from './owner-reference.js';
import { attempt, readOptional } from './read-optional.js';
import type { EnsureOutcome } from './ensure-primary.js';

export type ServiceOutcomes = Record<string, EnsureOutcome>;

export async function ensureServices(clients: KubernetesClients, input: ServicesInput): Promise<KubeResult<ServiceOutcomes>> {
  const planned = planCanaryServices(input);
  if (!planned.ok) return planned;
  const outcomes: ServiceOutcomes = {};
  for (const desired of planned.value) {
    let outcome = await ensureService(clients, input, desired);
    if (!outcome.ok && outcome.error.retryable && (outcome.error.code === 'conflict' || outcome.error.code === 'alreadyExists')) {
      outcome = await ensureService(clients, input, desired);
    }
    if (!outcome.ok) return outcome;
    outcomes[desired.metadata!.name!] = outcome.value;
  }
  return ok(outcomes);
}

async function ensureService(clients: KubernetesClients, input: ServicesInput, desired: V1Service): Promise<KubeResult<EnsureOutcome>> {
  const { namespace } = input;
  const name = desired.metadata!.name!;
  const existing = await readOptional(`read Service ${namespace}/${name}`, () => clients.core.readNamespacedService({ name, namespace }));
  if (!existing.ok) return existing;
  if (!existing.value) {
    const created = await attempt(`create Service ${namespace}/${name}`, () => clients.core.createNamespacedService({ namespace, body: desired }));
    return created.ok ? ok('created') : created;
  }
  if (!isOwnedBy(existing.value.metadata, input.canary)) {
    return failed({
      code: 'notOwned',
      retryable: false,
      message: `Service ${namespace}/${name} already exists and does not belong to Canary ${namespace}/${input.canary.name} (its controller: ${describeController(existing.value.metadata)}); Songbird will not overwrite it. Delete it or choose another spec.service.name`,
    });
  }
  if (serviceIsCurrent(existing.value, desired)) return ok('unchanged');
  const body: V1Service = {
    ...existing.value,
    metadata: { ...existing.value.metadata, labels: { ...(existing.value.metadata?.labels ?? {}), ...desired.metadata!.labels } },
    spec: { ...existing.value.spec, type: 'ClusterIP', selector: desired.spec!.selector, ports: desired.spec!.ports },
  };
  const replaced = await attempt(`update Service ${namespace}/${name}`, () => clients.core.replaceNamespacedService({ name, namespace, body }));
  return replaced.ok ? ok('updated') : replaced;
}
