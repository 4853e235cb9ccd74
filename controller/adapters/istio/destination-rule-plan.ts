// Pure: the DestinationRules `<svc>-primary`, `<svc>-canary` and
// `<svc>-internal`, one per host Songbird routes to. Songbird writes only rules its Canary owns.
import { canaryServiceName, internalServiceName, primaryServiceName } from '../../schema/generated-names.js';
import { failed, ok, type KubeResult } from '../kubernetes/kubernetes-errors.js';
import { canaryOwnerReference, CANARY_LABEL, describeController, isOwnedBy, MANAGED_BY, MANAGED_BY_LABEL, type CanaryRef } from '../kubernetes/owner-reference.js';
import { ISTIO_API_VERSION, type DestinationRule, type ObjectMeta } from './istio-resources.js';
import type { ObjectPlan } from './virtual-service-plan.js';

export interface DestinationRulesInput {
  readonly namespace: string;
  readonly serviceName: string;
  readonly owner: CanaryRef;
  /** Default `<svc>-primary`. */
  readonly primaryHost?: string;
  /** Default `<svc>-canary`. */
  readonly canaryHost?: string;
  /** Default `<svc>-internal`. */
  readonly internalHost?: string;
}

/** The rules Songbird wants, by name: `<svc>-primary` → primary host, `<svc>-canary` → canary host, `<svc>-internal` → internal host. */
export function destinationRuleHosts(input: DestinationRulesInput): Array<{ name: string; host: string }> {
  return [
    { name: primaryServiceName(input.serviceName), host: input.primaryHost ?? primaryServiceName(input.serviceName) },
    { name: canaryServiceName(input.serviceName), host: input.canaryHost ?? canaryServiceName(input.serviceName) },
    { name: internalServiceName(input.serviceName), host: input.internalHost ?? internalServiceName(input.serviceName) },
  ];
}

/** One plan per rule, in the order of destinationRuleHosts; `existing` is keyed by rule name. */
export function planDestinationRules(
  existing: Readonly<Record<string, DestinationRule | undefined>>,
  input: DestinationRulesInput,
): KubeResult<Array<ObjectPlan<DestinationRule>>> {
  const plans: Array<ObjectPlan<DestinationRule>> = [];
  for (const { name, host } of destinationRuleHosts(input)) {
    const current = existing[name];
    if (!current) {
      const metadata: ObjectMeta = {
        name,
        namespace: input.namespace,
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [CANARY_LABEL]: input.owner.name },
        ownerReferences: [canaryOwnerReference(input.owner) as NonNullable<ObjectMeta['ownerReferences']>[number]],
      };
      plans.push({ action: 'create', object: { apiVersion: ISTIO_API_VERSION, kind: 'DestinationRule', metadata, spec: { host } } });
      continue;
    }
    if (!isOwnedBy(current.metadata, input.owner)) {
      return failed({
        code: 'notOwned',
        retryable: false,
        message: `DestinationRule ${input.namespace}/${name} already exists and does not belong to Canary ${input.namespace}/${input.owner.name} (its controller: ${describeController(current.metadata)}); Songbird will not overwrite it`,
      });
    }
    // Other fields (a trafficPolicy someone added) stay; only the host is Songbird's.
    plans.push({ action: current.spec.host === host ? 'none' : 'replace', object: { ...current, spec: { ...current.spec, host } } });
  }
  return ok(plans);
}
