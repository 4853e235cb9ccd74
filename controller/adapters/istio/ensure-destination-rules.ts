// Creates or updates the DestinationRules `<svc>-primary`, `<svc>-canary` and `<svc>-internal`,
// then reads them back to verify their hosts.
import type { KubernetesClients } from '../kubernetes/kubernetes-clients.js';
import { failed, ok, type KubeResult } from '../kubernetes/kubernetes-errors.js';
import { destinationRuleHosts, planDestinationRules, type DestinationRulesInput } from './destination-rule-plan.js';
import { isWriteRace, readIstioObject, writeIstioObject } from './istio-objects.js';
import { DESTINATION_RULES, type DestinationRule } from './istio-resources.js';

export type RuleOutcomes = Record<string, 'created' | 'updated' | 'unchanged'>;

export async function ensureDestinationRules(clients: KubernetesClients, input: DestinationRulesInput): Promise<KubeResult<RuleOutcomes>> {
  let written = await writeOnce(clients, input);
  if (isWriteRace(written)) written = await writeOnce(clients, input);
  if (!written.ok) return written;

  const stored = await readAll(clients, input);
  if (!stored.ok) return stored;
  for (const { name, host } of destinationRuleHosts(input)) {
    const found = stored.value[name]?.spec.host;
    if (found !== host) {
      return failed({
        code: 'notVerified',
        retryable: true,
        message: `DestinationRule ${input.namespace}/${name} should have host ${host} but has ${found ?? 'none (it is missing)'}`,
      });
    }
  }
  return written;
}

async function readAll(clients: KubernetesClients, input: DestinationRulesInput): Promise<KubeResult<Record<string, DestinationRule | undefined>>> {
  const existing: Record<string, DestinationRule | undefined> = {};
  for (const { name } of destinationRuleHosts(input)) {
    const read = await readIstioObject<DestinationRule>(clients, DESTINATION_RULES, input.namespace, name);
    if (!read.ok) return read;
    existing[name] = read.value;
  }
  return ok(existing);
}

async function writeOnce(clients: KubernetesClients, input: DestinationRulesInput): Promise<KubeResult<RuleOutcomes>> {
  const existing = await readAll(clients, input);
  if (!existing.ok) return existing;
  const plans = planDestinationRules(existing.value, input);
  if (!plans.ok) return plans;
  const outcomes: RuleOutcomes = {};
  for (const plan of plans.value) {
    const written = await writeIstioObject(clients, DESTINATION_RULES, plan);
    if (!written.ok) return written;
    outcomes[plan.object.metadata.name] = plan.action === 'create' ? 'created' : plan.action === 'replace' ? 'updated' : 'unchanged';
  }
  return ok(outcomes);
}
