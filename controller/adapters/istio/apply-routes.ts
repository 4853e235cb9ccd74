// Sets Songbird's routes in the Canary's VirtualServices (see
// virtual-service-layout.ts): for each one read, plan, write (create, or
// replace with the resourceVersion; once more after a 409), then read back and
// verify the stored routes are the planned ones. A VirtualService of an
// earlier layout that the Canary owns is deleted; one it adopted is given back.
import type { Routes } from '../../core/actions.js';
import type { KubernetesClients } from '../kubernetes/kubernetes-clients.js';
import { failed, ok, type KubeResult } from '../kubernetes/kubernetes-errors.js';
import { isAdoptedBy, isOwnedBy } from '../kubernetes/owner-reference.js';
import { planHandBack } from './hand-back-plan.js';
import { deleteIstioObject, isWriteRace, readIstioObject, writeIstioObject } from './istio-objects.js';
import { VIRTUAL_SERVICES, type VirtualService } from './istio-resources.js';
import { describeRoutes, readRoutes, routesMatch, type CanaryHosts } from './route-reading.js';
import { virtualServiceLayout } from './virtual-service-layout.js';
import { planVirtualService, type RoutingInput } from './virtual-service-plan.js';

type Outcome = 'created' | 'updated' | 'unchanged';

export interface AppliedRoutes {
  /** `created` when a VirtualService was created, else `updated` when one was changed or removed, else `unchanged`. */
  readonly outcome: Outcome;
  /** The routing the `<svc>` VirtualService applies, read back after the write (`<svc>-gateway` was verified to match its plan too). */
  readonly routes: Routes;
}

/**
 * Brings every VirtualService of the layout to `input.routes`, in order
 * (`<svc>`, then `<svc>-gateway`), and removes a retired one the Canary owns.
 * Errors: `invalid` (a JWT claim on a mesh route), `conflict` after two 409s,
 * `notVerified` when a stored VirtualService does not hold the planned routes,
 * and the apiserver's own (a validating webhook's refusal is `invalid`).
 */
export async function applyRoutes(clients: KubernetesClients, input: RoutingInput): Promise<KubeResult<AppliedRoutes>> {
  const layout = virtualServiceLayout(input);
  if (!layout.ok) return layout;
  const applied: Array<{ outcome: Outcome; routes: Routes }> = [];
  for (const binding of layout.value.bindings) {
    const one = await applyOne(clients, binding);
    if (!one.ok) return one;
    applied.push(one.value);
  }
  const outcomes: Outcome[] = applied.map((vs) => vs.outcome);
  for (const name of layout.value.retired) {
    const retired = await retire(clients, input, name);
    if (!retired.ok) return retired;
    if (retired.value) outcomes.push('updated');
  }
  const outcome: Outcome = outcomes.includes('created') ? 'created' : outcomes.some((o) => o !== 'unchanged') ? 'updated' : 'unchanged';
  return ok({ outcome, routes: applied[0]!.routes });
}

async function applyOne(clients: KubernetesClients, input: RoutingInput): Promise<KubeResult<{ outcome: Outcome; routes: Routes }>> {
  let written = await writeOnce(clients, input);
  if (isWriteRace(written)) written = await writeOnce(clients, input);
  if (!written.ok) return written;
  const { outcome, planned } = written.value;

  const where = `VirtualService ${input.namespace}/${input.name}`;
  const stored = await readIstioObject<VirtualService>(clients, VIRTUAL_SERVICES, input.namespace, input.name);
  if (!stored.ok) return stored;
  const routes = readRoutes(stored.value, input);
  if (!stored.value || !routes || !routesMatch(stored.value, planned)) {
    return failed({
      code: 'notVerified',
      retryable: true,
      message: `${where} does not hold the routes Songbird wrote (wanted ${describeRoutes(readRoutes(planned, input))}; found ${stored.value ? describeRoutes(routes) : 'no VirtualService'}): another writer may be changing it`,
    });
  }
  return ok({ outcome, routes });
}

async function writeOnce(clients: KubernetesClients, input: RoutingInput): Promise<KubeResult<{ outcome: Outcome; planned: VirtualService }>> {
  const existing = await readIstioObject<VirtualService>(clients, VIRTUAL_SERVICES, input.namespace, input.name);
  if (!existing.ok) return existing;
  const plan = planVirtualService(existing.value, input);
  if (!plan.ok) return plan;
  const written = await writeIstioObject(clients, VIRTUAL_SERVICES, plan.value);
  if (!written.ok) return written;
  const outcome = plan.value.action === 'create' ? 'created' : plan.value.action === 'replace' ? 'updated' : 'unchanged';
  return ok({ outcome, planned: plan.value.object });
}

/**
 * Deletes VirtualService `name` when the Canary owns it, and gives it back as
 * it was before (hand-back-plan.ts) when the Canary adopted it, so none of
 * Songbird's routes stay behind in it; true when it did either. Someone
 * else's is left alone.
 */
async function retire(clients: KubernetesClients, input: RoutingInput, name: string): Promise<KubeResult<boolean>> {
  const existing = await readIstioObject<VirtualService>(clients, VIRTUAL_SERVICES, input.namespace, name);
  if (!existing.ok) return existing;
  if (existing.value && isAdoptedBy(existing.value.metadata, input.owner)) {
    const restored = await writeIstioObject(clients, VIRTUAL_SERVICES, planHandBack(existing.value, input)!);
    return restored.ok ? ok(true) : restored;
  }
  if (!existing.value || !isOwnedBy(existing.value.metadata, input.owner)) return ok(false);
  const deleted = await deleteIstioObject(clients, VIRTUAL_SERVICES, existing.value);
  return deleted.ok ? ok(true) : deleted;
}

/** The routing the `<svc>` VirtualService applies now; undefined when it (or Songbird's default route) is absent. */
export async function getRoutes(clients: KubernetesClients, namespace: string, name: string, hosts: CanaryHosts): Promise<KubeResult<Routes | undefined>> {
  const stored = await readIstioObject<VirtualService>(clients, VIRTUAL_SERVICES, namespace, name);
  return stored.ok ? ok(readRoutes(stored.value, hosts)) : stored;
}
