// Hands the apex Service `<svc>` back when its Canary goes: an adopted one as
// it was, an owned one as the user's, selecting the target's pods either way
// (service-adoption.ts, planRelease), so clients keep reaching pods that serve
// once garbage collection removes the primary.
import type { ServicesInput } from './canary-services.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { isLostRace, ok, type KubeResult } from './kubernetes-errors.js';
import { attempt, readOptional } from './read-optional.js';
import { planRelease, type ReleaseOutcome } from './service-adoption.js';

/**
 * 'restored' (adopted: selector from songbird.dev/original-spec, ports as
 * they are now, both annotations removed; an unusable record gives the
 * target's matchLabels instead and 'released'), 'released' (owned: selector = the target's
 * matchLabels, the Canary's ownerReference and Songbird's labels removed; it
 * stays), 'absent' (no `<svc>`, or one that is not this Canary's: nothing
 * written, so a second call after a hand-back is 'absent' too; so is a
 * Service deleted between the read and the patch). One JSON patch
 * testing resourceVersion; one more read and try after a lost race.
 */
export async function releaseService(clients: KubernetesClients, input: ServicesInput): Promise<KubeResult<ReleaseOutcome>> {
  const first = await releaseOnce(clients, input);
  return !first.ok && isLostRace(first.error) ? releaseOnce(clients, input) : first;
}

async function releaseOnce(clients: KubernetesClients, input: ServicesInput): Promise<KubeResult<ReleaseOutcome>> {
  const where = `${input.namespace}/${input.serviceName}`;
  const existing = await readOptional(`read Service ${where}`, () => clients.services.read(input.namespace, input.serviceName));
  if (!existing.ok) return existing;
  if (!existing.value) return ok('absent');
  const plan = planRelease(existing.value, input);
  if (!plan.ok) return plan;
  if (plan.value.operations.length === 0) return ok(plan.value.outcome);
  const operations = plan.value.operations;
  const patched = await attempt(`hand Service ${where} back`, () => clients.services.patch(input.namespace, input.serviceName, operations));
  if (!patched.ok) return patched.error.status === 404 ? ok('absent') : patched;
  return ok(plan.value.outcome);
}
