// Sets Songbird's routes in the VirtualService: read, plan, write (create, or
// replace with the resourceVersion; once more after a 409), then read back
// and verify the stored routes are the planned ones.
import type { Routes } from '../../core/actions.js';
import type { KubernetesClients } from '../kubernetes/kubernetes-clients.js';
import { failed, ok, type KubeResult } from '../kubernetes/kubernetes-errors.js';
import { isWriteRace, readIstioObject, writeIstioObject } from './istio-objects.js';
import { VIRTUAL_SERVICES, type VirtualService } from './istio-resources.js';
import { describeRoutes, readRoutes, routesMatch } from './route-reading.js';
import { planVirtualService, type RoutingInput } from './virtual-service-plan.js';

export interface AppliedRoutes {
  readonly outcome: 'created' | 'updated' | 'unchanged';
  /** The routing the stored VirtualService applies, read back after the write. */
  readonly routes: Routes;
}

export async function applyRoutes(clients: KubernetesClients, input: RoutingInput): Promise<KubeResult<AppliedRoutes>> {
  let written = await writeOnce(clients, input);
  if (isWriteRace(written)) written = await writeOnce(clients, input);
  if (!written.ok) return written;
  const { outcome, planned } = written.value;

  const where = `VirtualService ${input.namespace}/${input.name}`;
  const stored = await readIstioObject<VirtualService>(clients, VIRTUAL_SERVICES, input.namespace, input.name);
  if (!stored.ok) return stored;
  const routes = readRoutes(stored.value, input.canaryHost);
  if (!stored.value || !routes || !routesMatch(stored.value, planned)) {
    return failed({
      code: 'notVerified',
      retryable: true,
      message: `${where} does not hold the routes Songbird wrote (wanted ${describeRoutes(readRoutes(planned, input.canaryHost))}; found ${stored.value ? describeRoutes(routes) : 'no VirtualService'}): another writer may be changing it`,
    });
  }
  return ok({ outcome, routes });
}

async function writeOnce(
  clients: KubernetesClients,
  input: RoutingInput,
): Promise<KubeResult<{ outcome: AppliedRoutes['outcome']; planned: VirtualService }>> {
  const existing = await readIstioObject<VirtualService>(clients, VIRTUAL_SERVICES, input.namespace, input.name);
  if (!existing.ok) return existing;
  const plan = planVirtualService(existing.value, input);
  if (!plan.ok) return plan;
  const written = await writeIstioObject(clients, VIRTUAL_SERVICES, plan.value);
  if (!written.ok) return written;
  const outcome = plan.value.action === 'create' ? 'created' : plan.value.action === 'replace' ? 'updated' : 'unchanged';
  return ok({ outcome, planned: plan.value.object });
}

/** The routing the VirtualService applies now; undefined when it (or Songbird's default route) is absent. */
export async function getRoutes(clients: KubernetesClients, namespace: string, name: string, canaryHost: string): Promise<KubeResult<Routes | undefined>> {
  const stored = await readIstioObject<VirtualService>(clients, VIRTUAL_SERVICES, namespace, name);
  return stored.ok ? ok(readRoutes(stored.value, canaryHost)) : stored;
}
