// Hands a removed Canary's VirtualServices back (hand-back-plan.ts says what
// each becomes): for `<svc>` then `<svc>-gateway`, read, plan, write (replace
// with the resourceVersion; once more after a 409), then read back and verify.
import type { KubernetesClients } from '../kubernetes/kubernetes-clients.js';
import { failed, ok, type KubeResult } from '../kubernetes/kubernetes-errors.js';
import { handBackFingerprint, planHandBack, type HandBackInput } from './hand-back-plan.js';
import { isWriteRace, readIstioObject, writeIstioObject } from './istio-objects.js';
import { VIRTUAL_SERVICES, type VirtualService } from './istio-resources.js';
import { gatewayVirtualServiceName } from './virtual-service-layout.js';
import type { RoutingInput } from './virtual-service-plan.js';

/**
 * For each VirtualService of the layout's names (`<svc>`, `<svc>-gateway`,
 * whichever exist, whatever the Canary serves now): adopted by the Canary →
 * as it is now minus Songbird's routes, hosts and gateways as recorded, the
 * adoption marks removed (hand-back-plan.ts, restoredSpec); owned → Songbird's
 * routes replaced by `songbird-handed-back` to the apex host `input.name` on
 * `input.port`, and, when bound to a gateway other than `mesh`, released (no
 * ownerReference to the Canary, no Songbird labels) so it outlives the
 * Canary; absent or foreign → left alone. Only `name`, `namespace`, `port`
 * and `owner` of the input are read. Safe to call again: what is handed back
 * is no longer the Canary's. Errors: `conflict` after two 409s, `notVerified`
 * when a stored VirtualService is not as written, and the apiserver's own (a
 * validating webhook's refusal is `invalid`).
 */
export async function handBackRoutes(clients: KubernetesClients, input: RoutingInput): Promise<KubeResult<'handedBack'>> {
  for (const name of [input.name, gatewayVirtualServiceName(input.name)]) {
    const one = await handBackOne(clients, input.namespace, name, input);
    if (!one.ok) return one;
  }
  return ok('handedBack');
}

async function handBackOne(clients: KubernetesClients, namespace: string, name: string, input: HandBackInput): Promise<KubeResult<undefined>> {
  let written = await writeOnce(clients, namespace, name, input);
  if (isWriteRace(written)) written = await writeOnce(clients, namespace, name, input);
  if (!written.ok) return written;
  const planned = written.value;
  if (!planned) return ok(undefined);

  const stored = await readIstioObject<VirtualService>(clients, VIRTUAL_SERVICES, namespace, name);
  if (!stored.ok) return stored;
  if (!stored.value || handBackFingerprint(stored.value, input.owner) !== handBackFingerprint(planned, input.owner)) {
    return failed({
      code: 'notVerified',
      retryable: true,
      message: `VirtualService ${namespace}/${name} was not handed back as written (${stored.value ? 'its spec, adoption marks or ownership differ' : 'it is gone'}): another writer may be changing it`,
    });
  }
  return ok(undefined);
}

/** The object as planned (and written when it needed a change); undefined when there was nothing to hand back. */
async function writeOnce(clients: KubernetesClients, namespace: string, name: string, input: HandBackInput): Promise<KubeResult<VirtualService | undefined>> {
  const existing = await readIstioObject<VirtualService>(clients, VIRTUAL_SERVICES, namespace, name);
  if (!existing.ok) return existing;
  const plan = planHandBack(existing.value, input);
  if (!plan) return ok(undefined);
  const written = await writeIstioObject(clients, VIRTUAL_SERVICES, plan);
  return written.ok ? ok(plan.object) : written;
}
