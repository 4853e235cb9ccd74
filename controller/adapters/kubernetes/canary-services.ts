// Pure: the four ClusterIP Services of a Canary. `<svc>` and `<svc>-primary`
// select the primary's pods; `<svc>-canary` and `<svc>-internal` the target's
// (the canary's) pods: customers reach the canary through `<svc>-canary`,
// internal users through `<svc>-internal`, so the mesh's request metrics
// (destination_service_name) tell the two apart exactly (issue 13).
import type { V1Service, V1ServicePort } from '@kubernetes/client-node';
import { failed, ok, type KubeResult } from './kubernetes-errors.js';
import { CANARY_LABEL, canaryOwnerReference, MANAGED_BY, MANAGED_BY_LABEL, type CanaryRef } from './owner-reference.js';
import { primarySelector } from './primary-deployment.js';
import { canaryServiceName, internalServiceName, primaryServiceName } from '../../schema/generated-names.js';

export interface ServicesInput {
  readonly namespace: string;
  readonly canary: CanaryRef;
  readonly serviceName: string;
  readonly port: number;
  /** Container port (a number, or a port name when taken from an adopted Service); defaults to `port`. */
  readonly targetPort?: number | string;
  /** The target Deployment's spec.selector.matchLabels. */
  readonly targetSelector: Readonly<Record<string, string>>;
}

// The names come from schema/generated-names.ts; re-exported for ensure-services.ts, which imports them from here.
export { canaryServiceName, internalServiceName, primaryServiceName };

/**
 * `<svc>`, `<svc>-primary`, `<svc>-canary`, `<svc>-internal`, in that order, each owned by the
 * Canary and labelled as Songbird's, with one port named `http`; `invalid` when the target has no
 * matchLabels (or the primary's selector cannot be derived from them).
 */
export function planCanaryServices(input: ServicesInput): KubeResult<V1Service[]> {
  if (Object.keys(input.targetSelector).length === 0) {
    return failed({ code: 'invalid', retryable: false, message: `The Services of Canary ${input.namespace}/${input.canary.name} need the target Deployment's matchLabels, and there are none` });
  }
  const primary = primarySelector(input.targetSelector);
  if (!primary.ok) return primary;
  const service = (name: string, selector: Record<string, string>): V1Service => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: input.namespace,
      labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [CANARY_LABEL]: input.canary.name },
      ownerReferences: [canaryOwnerReference(input.canary)],
    },
    spec: { type: 'ClusterIP', selector, ports: [servicePort(input)] },
  });
  return ok([
    service(input.serviceName, primary.value),
    service(primaryServiceName(input.serviceName), primary.value),
    service(canaryServiceName(input.serviceName), { ...input.targetSelector }),
    service(internalServiceName(input.serviceName), { ...input.targetSelector }),
  ]);
}

/** Named `http` so Istio treats the port as HTTP. */
function servicePort(input: ServicesInput): V1ServicePort {
  return { name: 'http', protocol: 'TCP', port: input.port, targetPort: input.targetPort ?? input.port };
}

/** The existing Service already selects and exposes what the desired one does. */
export function serviceIsCurrent(existing: V1Service, desired: V1Service): boolean {
  const sameSelector = sameMap(existing.spec?.selector ?? {}, desired.spec?.selector ?? {});
  const want = desired.spec?.ports ?? [];
  const have = existing.spec?.ports ?? [];
  const samePorts =
    have.length === want.length &&
    want.every((w, i) => {
      const h = have[i];
      return h !== undefined && h.name === w.name && h.port === w.port && String(h.targetPort) === String(w.targetPort) && (h.protocol ?? 'TCP') === w.protocol;
    });
  return sameSelector && samePorts && (existing.spec?.type ?? 'ClusterIP') === 'ClusterIP';
}

function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
