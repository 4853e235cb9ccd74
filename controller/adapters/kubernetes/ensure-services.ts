// Creates or updates the Canary's four Services (canary-services.ts). The apex `<svc>`, the one
// clients call, may already exist (GitOps ships it): Songbird adopts it
// (service-adoption.ts) instead of refusing it. A `<svc>-primary` or
// `<svc>-canary` or `<svc>-internal` the Canary does not own is never touched: that is an error
// value naming it. Services are read and written as raw JSON
// (service-json-api.ts).
import { canaryServiceName, internalServiceName, planCanaryServices, primaryServiceName, serviceIsCurrent, type ServicesInput } from './canary-services.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { failed, isLostRace, ok, type KubeResult } from './kubernetes-errors.js';
import { describeController, isOwnedBy } from './owner-reference.js';
import { attempt, readOptional } from './read-optional.js';
import type { EnsureOutcome } from './ensure-primary.js';
import { planAdoption, withAdoptedTargetPort } from './service-adoption.js';
import type { ServiceJson } from './service-json-api.js';

export type ServiceOutcomes = Record<string, EnsureOutcome>;

/**
 * Each of `<svc>`, `<svc>-primary`, `<svc>-canary`, `<svc>-internal`: created when absent,
 * updated when the Canary owns it and it differs, adopted when it is `<svc>`
 * and the Canary does not own it (only its selector changes; see
 * planAdoption for what is refused; when the Canary sets no targetPort,
 * `<svc>-primary` and `<svc>-canary` take the adopted port's, see
 * withAdoptedTargetPort; so does `<svc>-internal`). All four are read and judged before
 * anything is written, so a refusal leaves nothing half-done; the apex is
 * written last, once the other three are in place. Answers what happened to
 * each, by name. One more round after a lost race.
 */
export async function ensureServices(clients: KubernetesClients, input: ServicesInput): Promise<KubeResult<ServiceOutcomes>> {
  const first = await ensureAll(clients, input);
  return !first.ok && (first.error.code === 'alreadyExists' || isLostRace(first.error)) ? ensureAll(clients, input) : first;
}

type Write = () => Promise<KubeResult<EnsureOutcome>>;

async function ensureAll(clients: KubernetesClients, input: ServicesInput): Promise<KubeResult<ServiceOutcomes>> {
  const names = [input.serviceName, primaryServiceName(input.serviceName), canaryServiceName(input.serviceName), internalServiceName(input.serviceName)];
  const found = new Map<string, ServiceJson | undefined>();
  for (const name of names) {
    const existing = await readOptional(`read Service ${input.namespace}/${name}`, () => clients.services.read(input.namespace, name));
    if (!existing.ok) return existing;
    found.set(name, existing.value);
  }
  const planned = planCanaryServices(withAdoptedTargetPort(input, found.get(input.serviceName)));
  if (!planned.ok) return planned;
  const writes: Array<[string, Write]> = [];
  for (const desired of planned.value) {
    const name = desired.metadata!.name!;
    const write = planWrite(clients, input, desired, found.get(name));
    if (!write.ok) return write;
    writes.push([name, write.value]);
  }
  const outcomes: ServiceOutcomes = {};
  const isApex = ([name]: [string, Write]) => name === input.serviceName;
  for (const [name, write] of [...writes.filter((w) => !isApex(w)), ...writes.filter(isApex)]) {
    const outcome = await write();
    if (!outcome.ok) return outcome;
    outcomes[name] = outcome.value;
  }
  return ok(outcomes);
}

/** What to do with one Service as read, or the error that refuses it. */
function planWrite(clients: KubernetesClients, input: ServicesInput, desired: ServiceJson, existing: ServiceJson | undefined): KubeResult<Write> {
  const { namespace } = input;
  const name = desired.metadata!.name!;
  if (!existing) {
    return ok(async () => {
      const created = await attempt(`create Service ${namespace}/${name}`, () => clients.services.create(namespace, desired));
      return created.ok ? ok('created') : created;
    });
  }
  if (!isOwnedBy(existing.metadata, input.canary)) {
    if (name !== input.serviceName) {
      return failed({
        code: 'notOwned',
        retryable: false,
        message: `Service ${namespace}/${name} already exists and does not belong to Canary ${namespace}/${input.canary.name} (its controller: ${describeController(existing.metadata)}); Songbird will not overwrite it. Delete it or choose another spec.service.name`,
      });
    }
    const plan = planAdoption(existing, input, desired.spec?.selector ?? {});
    if (!plan.ok) return plan;
    const operations = plan.value;
    if (!operations) return ok(async () => ok('unchanged'));
    return ok(async () => {
      const patched = await attempt(`adopt Service ${namespace}/${name}`, () => clients.services.patch(namespace, name, operations));
      return patched.ok ? ok('updated') : patched;
    });
  }
  if (serviceIsCurrent(existing, desired)) return ok(async () => ok('unchanged'));
  const body: ServiceJson = {
    ...existing,
    metadata: { ...existing.metadata, labels: { ...(existing.metadata?.labels ?? {}), ...desired.metadata!.labels } },
    spec: { ...existing.spec, type: 'ClusterIP', selector: desired.spec!.selector, ports: desired.spec!.ports },
  };
  return ok(async () => {
    const replaced = await attempt(`update Service ${namespace}/${name}`, () => clients.services.replace(namespace, name, body));
    return replaced.ok ? ok('updated') : replaced;
  });
}
