// Creates or updates the Canary's three Services. The apex `<svc>`, the one
// clients call, may already exist (GitOps ships it): Songbird adopts it
// (service-adoption.ts) instead of refusing it. A `<svc>-primary` or
// `<svc>-canary` the Canary does not own is never touched: that is an error
// value naming it. Services are read and written as raw JSON
// (service-json-api.ts).
import { planCanaryServices, serviceIsCurrent, type ServicesInput } from './canary-services.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { failed, isLostRace, ok, type KubeResult } from './kubernetes-errors.js';
import { describeController, isOwnedBy } from './owner-reference.js';
import { attempt, readOptional } from './read-optional.js';
import type { EnsureOutcome } from './ensure-primary.js';
import { planAdoption } from './service-adoption.js';
import type { ServiceJson } from './service-json-api.js';

export type ServiceOutcomes = Record<string, EnsureOutcome>;

/**
 * Each of `<svc>`, `<svc>-primary`, `<svc>-canary`: created when absent,
 * updated when the Canary owns it and it differs, adopted when it is `<svc>`
 * and the Canary does not own it (only its selector changes; see
 * planAdoption for what is refused). Answers what happened to each, by name;
 * the first error stops. One more read and try after a lost race.
 */
export async function ensureServices(clients: KubernetesClients, input: ServicesInput): Promise<KubeResult<ServiceOutcomes>> {
  const planned = planCanaryServices(input);
  if (!planned.ok) return planned;
  const outcomes: ServiceOutcomes = {};
  for (const desired of planned.value) {
    let outcome = await ensureService(clients, input, desired);
    if (!outcome.ok && (outcome.error.code === 'alreadyExists' || isLostRace(outcome.error))) {
      outcome = await ensureService(clients, input, desired);
    }
    if (!outcome.ok) return outcome;
    outcomes[desired.metadata!.name!] = outcome.value;
  }
  return ok(outcomes);
}

async function ensureService(clients: KubernetesClients, input: ServicesInput, desired: ServiceJson): Promise<KubeResult<EnsureOutcome>> {
  const { namespace } = input;
  const name = desired.metadata!.name!;
  const existing = await readOptional(`read Service ${namespace}/${name}`, () => clients.services.read(namespace, name));
  if (!existing.ok) return existing;
  if (!existing.value) {
    const created = await attempt(`create Service ${namespace}/${name}`, () => clients.services.create(namespace, desired));
    return created.ok ? ok('created') : created;
  }
  if (!isOwnedBy(existing.value.metadata, input.canary)) {
    if (name === input.serviceName) return adopt(clients, input, existing.value, desired);
    return failed({
      code: 'notOwned',
      retryable: false,
      message: `Service ${namespace}/${name} already exists and does not belong to Canary ${namespace}/${input.canary.name} (its controller: ${describeController(existing.value.metadata)}); Songbird will not overwrite it. Delete it or choose another spec.service.name`,
    });
  }
  if (serviceIsCurrent(existing.value, desired)) return ok('unchanged');
  const body: ServiceJson = {
    ...existing.value,
    metadata: { ...existing.value.metadata, labels: { ...(existing.value.metadata?.labels ?? {}), ...desired.metadata!.labels } },
    spec: { ...existing.value.spec, type: 'ClusterIP', selector: desired.spec!.selector, ports: desired.spec!.ports },
  };
  const replaced = await attempt(`update Service ${namespace}/${name}`, () => clients.services.replace(namespace, name, body));
  return replaced.ok ? ok('updated') : replaced;
}

async function adopt(clients: KubernetesClients, input: ServicesInput, existing: ServiceJson, desired: ServiceJson): Promise<KubeResult<EnsureOutcome>> {
  const plan = planAdoption(existing, input, desired.spec?.selector ?? {});
  if (!plan.ok) return plan;
  if (!plan.value) return ok('unchanged');
  const operations = plan.value;
  const where = `${input.namespace}/${input.serviceName}`;
  const patched = await attempt(`adopt Service ${where}`, () => clients.services.patch(input.namespace, input.serviceName, operations));
  return patched.ok ? ok('updated') : patched;
}
