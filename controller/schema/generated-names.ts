// Names Songbird derives from a Canary must be valid Kubernetes names, so a
// Canary whose names cannot all be built is refused before anything is
// created (issue 9, "Names"):
// - The Service name (`spec.service.name`, else `spec.targetRef.name`) is
//   suffixed for `<svc>-primary`, `<svc>-canary` and `<svc>-internal`. A Service's name is a
//   DNS label of at most 63 characters (k8s.io/kubernetes
//   pkg/apis/core/validation/validation.go, ValidateServiceName:
//   NameIsDNS1035Label, or NameIsDNS1123Label under RelaxedServiceNameValidation;
//   both cap at 63), so the name itself may have at most 63 - len('-internal') = 54
//   (55 before issue 13 added `<svc>-internal`).
//   The DestinationRules `<svc>-primary`/`<svc>-canary` and the VirtualService
//   `<svc>-gateway` (same length as `-primary`) then fit as well.
// - The primary Deployment and its HPA, `<target>-primary`, are DNS subdomains
//   (ValidateDeploymentName, ValidateHorizontalPodAutoscalerName: at most 253),
//   which a 63-character targetRef.name (dnsLabel) plus `-primary` always meets.
// - The Canary's own name is the value of the `songbird.dev/canary` label on
//   every object it owns. Label values have at most 63 characters
//   (k8s.io/apimachinery pkg/util/validation/validation.go,
//   IsValidLabelValue, LabelValueMaxLength), while the apiserver takes custom
//   resource names up to 253 (a DNS subdomain).

/** Appended to the target's name (primary Deployment, its HPA, its selector values) and to the Service name. */
export const PRIMARY_SUFFIX = '-primary';
/** Appended to the Service name: the Service and the router objects for the canary's pods. */
export const CANARY_SUFFIX = '-canary';
/** Appended to the Service name: Istio's gateway-only VirtualService (adapters/istio/virtual-service-layout.ts). */
export const GATEWAY_SUFFIX = '-gateway';
/**
 * Appended to the Service name: a second Service over the canary's pods that
 * only internal users are routed through, so Istio's `destination_service_name`
 * tells their requests from customers' exactly (the blast radius, issue 13).
 */
export const INTERNAL_SUFFIX = '-internal';
/** Every suffix Songbird appends to a Service name, so an object's name leads back to its Canary's Service. */
export const SERVICE_SUFFIXES = [PRIMARY_SUFFIX, CANARY_SUFFIX, GATEWAY_SUFFIX, INTERNAL_SUFFIX] as const;

/** The longest suffix Songbird appends to the Service name (`-internal`; `-primary` and `-gateway` are one shorter). */
export const LONGEST_SERVICE_SUFFIX = INTERNAL_SUFFIX;
/** DNS label and label value limit. */
export const MAX_LABEL_LENGTH = 63;
/** The longest Service name that leaves room for `-internal`: 54. */
export const MAX_SERVICE_NAME_LENGTH = MAX_LABEL_LENGTH - LONGEST_SERVICE_SUFFIX.length;
/** The longest Canary name: it is a label value. */
export const MAX_CANARY_NAME_LENGTH = MAX_LABEL_LENGTH;

const SERVICE_NAME_WHY =
  `Songbird names the Services <name>, <name>-primary, <name>-canary and <name>-internal after it, ` +
  `and a Service name is a DNS label of at most ${MAX_LABEL_LENGTH} characters`;

export const SERVICE_NAME_TOO_LONG = `at most ${MAX_SERVICE_NAME_LENGTH} characters: ${SERVICE_NAME_WHY}`;
export const TARGET_AS_SERVICE_NAME_TOO_LONG =
  `at most ${MAX_SERVICE_NAME_LENGTH} characters while spec.service.name is unset (the target's name is then the Service name): ` +
  `${SERVICE_NAME_WHY}; set a shorter spec.service.name or rename the Deployment`;
export const CANARY_NAME_TOO_LONG =
  `at most ${MAX_CANARY_NAME_LENGTH} characters: the Canary's name is the value of the songbird.dev/canary label ` +
  `on every object Songbird creates for it, and a label value has at most ${MAX_LABEL_LENGTH} characters`;

/** The Service clients call, which names `<svc>-primary` and `<svc>-canary`: spec.service.name, else the target's name. */
export const serviceNameOf = (spec: { targetRef: { name: string }; service: { name?: string } }): string => spec.service.name ?? spec.targetRef.name;

/** `<target>-primary`: the primary Deployment, and the HorizontalPodAutoscaler aimed at it. */
export const primaryWorkloadName = (targetName: string): string => `${targetName}${PRIMARY_SUFFIX}`;

/** `<svc>-primary`: the Service (and Istio DestinationRule) selecting the primary's pods. */
export const primaryServiceName = (serviceName: string): string => `${serviceName}${PRIMARY_SUFFIX}`;

/** `<svc>-canary`: the Service (and Istio DestinationRule) selecting the canary's (the target's) pods. */
export const canaryServiceName = (serviceName: string): string => `${serviceName}${CANARY_SUFFIX}`;

/** `<svc>-internal`: the Service (and Istio DestinationRule) over the canary's pods that internal users are routed through. */
export const internalServiceName = (serviceName: string): string => `${serviceName}${INTERNAL_SUFFIX}`;

/** `<svc>-gateway`: the gateway-only VirtualService of a Canary that serves mesh and gateways. */
export const gatewayRouteName = (serviceName: string): string => `${serviceName}${GATEWAY_SUFFIX}`;

/** Every name Songbird derives from a Canary's spec (each fits its Kubernetes limit once the spec is valid, see above). */
export interface GeneratedNames {
  /** The target Deployment's name, as given. */
  readonly target: string;
  /** `<target>-primary`: the primary Deployment. */
  readonly primaryWorkload: string;
  /** `<target>-primary`: the HPA aimed at the primary, when the target has one. */
  readonly primaryAutoscaler: string;
  /** The Service clients call (serviceNameOf). */
  readonly service: string;
  readonly primaryService: string;
  readonly canaryService: string;
  /** `<svc>-internal`: the canary's pods as internal users reach them. */
  readonly internalService: string;
  /** Istio only: the gateway-only VirtualService. */
  readonly gatewayRoute: string;
}

/** Every generated name of a Canary, from `spec.targetRef.name` and `spec.service.name`. */
export function generatedNamesOf(spec: { targetRef: { name: string }; service: { name?: string } }): GeneratedNames {
  const service = serviceNameOf(spec);
  const primaryWorkload = primaryWorkloadName(spec.targetRef.name);
  return {
    target: spec.targetRef.name,
    primaryWorkload,
    primaryAutoscaler: primaryWorkload,
    service,
    primaryService: primaryServiceName(service),
    canaryService: canaryServiceName(service),
    internalService: internalServiceName(service),
    gatewayRoute: gatewayRouteName(service),
  };
}

/** True when `name` leaves room for every suffix Songbird appends to a Service name. */
export const fitsServiceName = (name: string): boolean => name.length <= MAX_SERVICE_NAME_LENGTH;

/**
 * The problem with `spec.targetRef.name` when it is also the Service name
 * (`spec.service.name` unset) and too long; the path is relative to spec.
 * A set `spec.service.name` is checked on its own field (fitsServiceName).
 */
export function targetAsServiceNameProblems(spec: { targetRef: { name: string }; service: { name?: string } }): Array<{ path: string[]; message: string }> {
  if (spec.service.name !== undefined || fitsServiceName(spec.targetRef.name)) return [];
  return [{ path: ['targetRef', 'name'], message: TARGET_AS_SERVICE_NAME_TOO_LONG }];
}

/** The same rules for the apiserver (x-kubernetes-validations). On spec.service.name itself: */
export const SERVICE_NAME_CEL_RULE = {
  rule: `self.size() <= ${MAX_SERVICE_NAME_LENGTH}`,
  message: SERVICE_NAME_TOO_LONG,
  reason: 'FieldValueInvalid',
} as const;

/** On spec: the target's name, when it is the Service name. */
export const TARGET_AS_SERVICE_NAME_CEL_RULE = {
  rule: `has(self.service.name) || self.targetRef.name.size() <= ${MAX_SERVICE_NAME_LENGTH}`,
  message: TARGET_AS_SERVICE_NAME_TOO_LONG,
  fieldPath: '.targetRef.name',
  reason: 'FieldValueInvalid',
} as const;

/** On the resource's root, where CEL may read metadata.name (and nothing else of metadata). */
export const CANARY_NAME_CEL_RULE = {
  rule: `self.metadata.name.size() <= ${MAX_CANARY_NAME_LENGTH}`,
  message: CANARY_NAME_TOO_LONG,
  fieldPath: '.metadata.name',
  reason: 'FieldValueInvalid',
} as const;
