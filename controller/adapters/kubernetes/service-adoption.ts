// Pure: how Songbird takes over the Service clients call (`<svc>`) when GitOps
// already ships it, and how it hands that Service back. An adopted Service
// keeps its type, ports and everything else; only its selector changes (to the
// primary's pods), and it gets two annotations: songbird.dev/adopted-by (the
// Canary's uid) and songbird.dev/original-spec (its spec before Songbird wrote
// it, written once; a hand-back restores only its selector). It never gets an
// ownerReference, so garbage collection never deletes it. Each change is an RFC 6902 patch whose first op tests
// metadata.resourceVersion, so nothing another writer changed in between is
// overwritten.
import type { V1ServicePort } from '@kubernetes/client-node';
import type { ServicesInput } from './canary-services.js';
import { failed, ok, type KubeResult } from './kubernetes-errors.js';
import {
  ADOPTED_BY_ANNOTATION,
  CANARY_LABEL,
  describeController,
  isOwnedBy,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  ORIGINAL_SPEC_ANNOTATION,
} from './owner-reference.js';
import { canonicalJson } from './pod-template-revision.js';
import type { JsonPatchOperation, ServiceJson } from './service-json-api.js';

/** Fields the apiserver allocates or defaults; left out of original-spec (a hand-back restores only the selector). */
const ALLOCATED = ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy'] as const;

/** The spec recorded as songbird.dev/original-spec: as read, minus clusterIP(s) and IP families. */
export function originalServiceSpec(service: ServiceJson): Record<string, unknown> {
  const spec: Record<string, unknown> = { ...(service.spec ?? {}) };
  for (const field of ALLOCATED) delete spec[field];
  return spec;
}

/** "80/TCP (http) -> 8080, 443/TCP": how a Service's ports are named in messages. */
export function describePorts(ports: readonly V1ServicePort[] | undefined): string {
  if (!ports || ports.length === 0) return 'no ports';
  return ports
    .map((p) => `${p.port}/${p.protocol ?? 'TCP'}${p.name ? ` (${p.name})` : ''}${p.targetPort === undefined ? '' : ` -> ${String(p.targetPort)}`}`)
    .join(', ');
}

/** A port's targetPort as the apiserver defaults it: `port` when unset (Kubernetes API reference, ServicePort.targetPort). */
const targetPortOf = (port: V1ServicePort): number | string => port.targetPort ?? port.port;

/**
 * The Services to plan for `input` once the apex Service as read
 * (`existing`, undefined when absent) is taken into account: when Songbird
 * will adopt it and the Canary sets no spec.service.targetPort, `<svc>-primary`
 * and `<svc>-canary` take the targetPort (number or name) of its port
 * `port` = spec.service.port, so all three reach the same container port.
 * Otherwise `input` as it is (planAdoption refuses an explicit targetPort
 * that differs).
 */
export function withAdoptedTargetPort(input: ServicesInput, existing: ServiceJson | undefined): ServicesInput {
  if (!existing || input.targetPort !== undefined || isOwnedBy(existing.metadata, input.canary)) return input;
  const adoptedPort = (existing.spec?.ports ?? []).find((p) => p.port === input.port);
  return adoptedPort ? { ...input, targetPort: targetPortOf(adoptedPort) } : input;
}

const testVersion = (service: ServiceJson): JsonPatchOperation => ({ op: 'test', path: '/metadata/resourceVersion', value: service.metadata?.resourceVersion });

/**
 * The patch that adopts (or keeps adopted) the apex Service `existing`, which
 * the Canary does not own, so it selects `selector` (the primary's pods);
 * ok(undefined) when it already does and is adopted. Refused, as error values
 * naming the Service: notOwned when another Canary adopted it or another
 * controller controls it (Songbird will not fight it); invalid when it is an
 * ExternalName Service (it selects no pods), when none of its ports has
 * `port` = spec.service.port, or when that port's targetPort differs from an
 * explicit spec.service.targetPort (`<svc>-primary`/`<svc>-canary` would
 * reach another container port; see withAdoptedTargetPort).
 */
export function planAdoption(existing: ServiceJson, input: ServicesInput, selector: Readonly<Record<string, string>>): KubeResult<JsonPatchOperation[] | undefined> {
  const where = `Service ${input.namespace}/${input.serviceName}`;
  const annotations = existing.metadata?.annotations ?? {};
  const adoptedBy = annotations[ADOPTED_BY_ANNOTATION];
  if (adoptedBy !== undefined && adoptedBy !== input.canary.uid) {
    return failed({
      code: 'notOwned',
      retryable: false,
      message: `${where} is adopted by another Canary (${ADOPTED_BY_ANNOTATION}: ${adoptedBy}), not by Canary ${input.namespace}/${input.canary.name}; Songbird will not take it over. Remove the other Canary or choose another spec.service.name; if that Canary no longer exists, remove the annotations ${ADOPTED_BY_ANNOTATION} and ${ORIGINAL_SPEC_ANNOTATION} from the Service (kubectl annotate service -n ${input.namespace} ${input.serviceName} ${ADOPTED_BY_ANNOTATION}- ${ORIGINAL_SPEC_ANNOTATION}-) and set its selector back to the one Git ships; Songbird then adopts it`,
    });
  }
  const controller = (existing.metadata?.ownerReferences ?? []).find((ref) => ref.controller);
  if (controller) {
    return failed({
      code: 'notOwned',
      retryable: false,
      message: `${where} already exists and is controlled by ${describeController(existing.metadata)}, not by Canary ${input.namespace}/${input.canary.name}; Songbird adopts only Services no controller owns. Choose another spec.service.name`,
    });
  }
  if (existing.spec?.type === 'ExternalName') {
    return failed({ code: 'invalid', retryable: false, message: `${where} is an ExternalName Service (${existing.spec.externalName ?? 'no externalName'}), which selects no pods; Songbird cannot route it to the primary. Choose another spec.service.name` });
  }
  const adoptedPort = (existing.spec?.ports ?? []).find((p) => p.port === input.port);
  if (!adoptedPort) {
    return failed({
      code: 'invalid',
      retryable: false,
      message: `${where} exposes ${describePorts(existing.spec?.ports)}; none is spec.service.port ${input.port}. Set spec.service.port to one of its ports, or add port ${input.port} to the Service`,
    });
  }
  const shipped = targetPortOf(adoptedPort);
  if (input.targetPort !== undefined && String(input.targetPort) !== String(shipped)) {
    return failed({
      code: 'invalid',
      retryable: false,
      message: `${where} sends its port ${input.port} to targetPort ${String(shipped)}, but spec.service.targetPort is ${String(input.targetPort)}, so ${input.serviceName}-primary and ${input.serviceName}-canary would reach another container port than ${input.serviceName}. Set spec.service.targetPort to ${String(shipped)} (or leave it out), or change the Service's targetPort`,
    });
  }
  const adopted = adoptedBy === input.canary.uid;
  if (adopted && canonicalJson(existing.spec?.selector ?? {}) === canonicalJson(selector)) return ok(undefined);
  const operations: JsonPatchOperation[] = [testVersion(existing)];
  if (!adopted || annotations[ORIGINAL_SPEC_ANNOTATION] === undefined) {
    const original = annotations[ORIGINAL_SPEC_ANNOTATION] ?? JSON.stringify(originalServiceSpec(existing));
    operations.push({ op: 'add', path: '/metadata/annotations', value: { ...annotations, [ADOPTED_BY_ANNOTATION]: input.canary.uid, [ORIGINAL_SPEC_ANNOTATION]: original } });
  }
  operations.push({ op: 'add', path: '/spec/selector', value: { ...selector } });
  return ok(operations);
}

export type ReleaseOutcome = 'restored' | 'released' | 'absent';

export interface ReleasePlan {
  readonly outcome: ReleaseOutcome;
  /** Empty when there is nothing to write. */
  readonly operations: JsonPatchOperation[];
}

/**
 * The patch that hands the apex Service back.
 * Adopted by this Canary: the selector as songbird.dev/original-spec
 * recorded it (no selector when it had none), both annotations removed
 * ('restored'); its ports stay as they are now (Songbird never changes an
 * adopted Service's ports, so restoring them would only undo Git's later
 * changes). Should original-spec be missing, not a JSON object, or hold a
 * selector that is not a map of valid labels, the selector becomes the
 * target's matchLabels, so it still reaches pods that serve ('released').
 * Owned by this Canary: selector = the target's matchLabels, the Canary's
 * ownerReference and Songbird's managed-by/canary labels removed, so garbage
 * collection leaves it and it is now the user's ('released').
 * Anything else (another's, or already handed back): 'absent', nothing written.
 * Error invalid when the target's matchLabels are needed and empty.
 */
export function planRelease(existing: ServiceJson, input: ServicesInput): KubeResult<ReleasePlan> {
  const metadata = existing.metadata ?? {};
  const annotations = metadata.annotations ?? {};
  const adopted = annotations[ADOPTED_BY_ANNOTATION] === input.canary.uid;
  const owned = isOwnedBy(metadata, input.canary);
  if (!adopted && !owned) return ok({ outcome: 'absent', operations: [] });
  const targetSelector = (): KubeResult<JsonPatchOperation> =>
    Object.keys(input.targetSelector).length === 0
      ? failed({ code: 'invalid', retryable: false, message: `Service ${input.namespace}/${input.serviceName} cannot be handed back to the target's pods: the target Deployment has no spec.selector.matchLabels` })
      : ok({ op: 'add', path: '/spec/selector', value: { ...input.targetSelector } });
  const operations: JsonPatchOperation[] = [testVersion(existing)];
  let outcome: ReleaseOutcome = 'released';
  if (adopted) {
    const others = { ...annotations };
    const recorded = others[ORIGINAL_SPEC_ANNOTATION];
    delete others[ADOPTED_BY_ANNOTATION];
    delete others[ORIGINAL_SPEC_ANNOTATION];
    operations.push({ op: 'add', path: '/metadata/annotations', value: others });
    const original = recordedSelector(recorded);
    if (original) {
      outcome = 'restored';
      if (original.selector !== undefined) operations.push({ op: 'add', path: '/spec/selector', value: original.selector });
      else if (existing.spec?.selector !== undefined) operations.push({ op: 'remove', path: '/spec/selector' });
    } else {
      const selector = targetSelector();
      if (!selector.ok) return selector;
      operations.push(selector.value);
    }
  }
  if (owned) {
    const selector = targetSelector();
    if (!selector.ok) return selector;
    if (!adopted) operations.push(selector.value);
    const owners = (metadata.ownerReferences ?? []).filter((ref) => ref.uid !== input.canary.uid);
    operations.push(owners.length > 0 ? { op: 'add', path: '/metadata/ownerReferences', value: owners } : { op: 'remove', path: '/metadata/ownerReferences' });
    const labels = { ...(metadata.labels ?? {}) };
    if (labels[MANAGED_BY_LABEL] === MANAGED_BY) delete labels[MANAGED_BY_LABEL];
    if (labels[CANARY_LABEL] === input.canary.name) delete labels[CANARY_LABEL];
    if (metadata.labels) operations.push({ op: 'add', path: '/metadata/labels', value: labels });
  }
  return ok({ outcome, operations });
}

/**
 * The selector songbird.dev/original-spec recorded: `{ selector }` when the
 * record is a JSON object whose selector is a map of valid label keys to valid
 * label values, `{ selector: undefined }` when the object has no selector (the
 * Service had none), undefined when the record is anything else (not JSON,
 * not an object, a selector of another type or with values the apiserver
 * refuses), so the caller falls back to the target's selector.
 */
function recordedSelector(text: string | undefined): { selector: Record<string, string> | undefined } | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  if (!('selector' in value)) return { selector: undefined };
  const selector = value.selector;
  if (!isPlainObject(selector)) return undefined;
  const valid = Object.entries(selector).every(([key, label]) => isLabelKey(key) && typeof label === 'string' && isLabelValue(label));
  return valid ? { selector: selector as Record<string, string> } : undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// Label syntax as the apiserver validates a Service's selector
// (k8s.io/apimachinery pkg/util/validation: IsQualifiedName, IsValidLabelValue).
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const isLabelValue = (value: string): boolean => value === '' || (value.length <= 63 && LABEL_NAME.test(value));
function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  const prefixOk = prefix === undefined || (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix));
  return prefixOk && name.length <= 63 && LABEL_NAME.test(name);
}
