// The target's HorizontalPodAutoscaler, as read, and the primary's copy of it.
// A target with an HPA keeps it (GitOps owns it); the primary gets
// `<target>-primary`, the same spec aimed at `<target>-primary`, owned by the
// Canary (garbage-collected with it). autoscaling/v2 through client-node's
// typed AutoscalingV2Api.
import type { V2HorizontalPodAutoscaler } from '@kubernetes/client-node';
import type { AutoscalerObservation } from '../../core/observations.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { failed, ok, type KubeResult } from './kubernetes-errors.js';
import { CANARY_LABEL, canaryOwnerReference, describeController, isOwnedBy, MANAGED_BY, MANAGED_BY_LABEL, type CanaryRef } from './owner-reference.js';
import { canonicalJson } from './pod-template-revision.js';
import { primaryName } from './primary-deployment.js';
import { attempt, readOptional } from './read-optional.js';

export interface PrimaryAutoscalerInput {
  readonly namespace: string;
  readonly canary: CanaryRef;
  readonly targetName: string;
  readonly present: boolean;
}

export type AutoscalerOutcome = 'created' | 'updated' | 'unchanged' | 'deleted';

/**
 * The HPA in `namespace` whose spec.scaleTargetRef is the apps Deployment
 * `targetName` (apiVersion apps/<any> or unset, kind Deployment), as
 * { name, minReplicas (spec.minReplicas, 1 when unset as Kubernetes defaults
 * it), maxReplicas }; undefined when there is none. Songbird's own
 * `<target>-primary` is never returned. Several HPAs on one Deployment (the
 * HPA controller then scales none, condition AmbiguousSelector): the first by
 * name.
 */
export async function observeAutoscaler(clients: KubernetesClients, namespace: string, targetName: string): Promise<KubeResult<AutoscalerObservation | undefined>> {
  const found = await findTargetAutoscaler(clients, namespace, targetName);
  if (!found.ok || !found.value) return found as KubeResult<undefined>;
  const { metadata, spec } = found.value;
  return ok({ name: metadata?.name ?? '', minReplicas: spec?.minReplicas ?? 1, maxReplicas: spec?.maxReplicas ?? 0 });
}

async function findTargetAutoscaler(clients: KubernetesClients, namespace: string, targetName: string): Promise<KubeResult<V2HorizontalPodAutoscaler | undefined>> {
  const listed = await attempt(`list HorizontalPodAutoscalers in namespace ${namespace}`, () => clients.autoscaling.listNamespacedHorizontalPodAutoscaler({ namespace }));
  if (!listed.ok) return listed;
  const own = primaryName(targetName);
  const scaling = (listed.value.items ?? [])
    .filter((hpa) => hpa.metadata?.name !== own && scalesDeployment(hpa, targetName))
    .sort((a, b) => ((a.metadata?.name ?? '') < (b.metadata?.name ?? '') ? -1 : 1));
  return ok(scaling[0]);
}

function scalesDeployment(hpa: V2HorizontalPodAutoscaler, name: string): boolean {
  const ref = hpa.spec?.scaleTargetRef;
  const group = ref?.apiVersion?.split('/')[0];
  return ref?.kind === 'Deployment' && ref.name === name && (ref.apiVersion === undefined || (ref.apiVersion.includes('/') && group === 'apps'));
}

/**
 * present: creates or updates the HPA `<target>-primary` so its spec is the
 * target's HPA spec with scaleTargetRef apps/v1 Deployment `<target>-primary`
 * (labels managed-by/canary, controller ownerReference to the Canary); error
 * notFound (retryable) when the target has no HPA, notOwned when
 * `<target>-primary` exists and the Canary does not own it. Writes only when
 * the spec differs (a replace conditioned on resourceVersion; one more try
 * after a conflict).
 * present false: deletes `<target>-primary` when the Canary owns it
 * (precondition: its uid); an absent or foreign one is 'unchanged'.
 */
export async function ensurePrimaryAutoscaler(clients: KubernetesClients, input: PrimaryAutoscalerInput): Promise<KubeResult<AutoscalerOutcome>> {
  const outcome = await ensureOnce(clients, input);
  if (!outcome.ok && (outcome.error.code === 'conflict' || outcome.error.code === 'alreadyExists')) return ensureOnce(clients, input);
  return outcome;
}

async function ensureOnce(clients: KubernetesClients, input: PrimaryAutoscalerInput): Promise<KubeResult<AutoscalerOutcome>> {
  const { namespace, canary, targetName } = input;
  const name = primaryName(targetName);
  const existing = await readOptional(`read HorizontalPodAutoscaler ${namespace}/${name}`, () =>
    clients.autoscaling.readNamespacedHorizontalPodAutoscaler({ namespace, name }),
  );
  if (!existing.ok) return existing;
  const ours = existing.value !== undefined && isOwnedBy(existing.value.metadata, canary);
  if (!input.present) {
    if (!ours) return ok('unchanged');
    const uid = existing.value!.metadata?.uid;
    const deleted = await readOptional(`delete HorizontalPodAutoscaler ${namespace}/${name}`, () =>
      clients.autoscaling.deleteNamespacedHorizontalPodAutoscaler({ namespace, name, body: uid ? { preconditions: { uid } } : {} }),
    );
    return deleted.ok ? ok(deleted.value === undefined ? 'unchanged' : 'deleted') : deleted;
  }
  if (existing.value && !ours) {
    return failed({
      code: 'notOwned',
      retryable: false,
      message: `HorizontalPodAutoscaler ${namespace}/${name} exists but does not belong to Canary ${namespace}/${canary.name} (its controller: ${describeController(existing.value.metadata)}); Songbird will not overwrite it`,
    });
  }
  const source = await findTargetAutoscaler(clients, namespace, targetName);
  if (!source.ok) return source;
  if (!source.value?.spec) {
    return failed({ code: 'notFound', retryable: true, message: `No HorizontalPodAutoscaler in namespace ${namespace} scales Deployment ${targetName}, so ${name} has nothing to copy` });
  }
  const spec = { ...source.value.spec, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name } };
  const labels = { [MANAGED_BY_LABEL]: MANAGED_BY, [CANARY_LABEL]: canary.name };
  if (!existing.value) {
    const body: V2HorizontalPodAutoscaler = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name, namespace, labels, ownerReferences: [canaryOwnerReference(canary)] },
      spec,
    };
    const created = await attempt(`create HorizontalPodAutoscaler ${namespace}/${name}`, () => clients.autoscaling.createNamespacedHorizontalPodAutoscaler({ namespace, body }));
    return created.ok ? ok('created') : created;
  }
  const stored = existing.value;
  const sameLabels = Object.entries(labels).every(([key, value]) => stored.metadata?.labels?.[key] === value);
  if (sameLabels && canonicalJson(stored.spec) === canonicalJson(spec)) return ok('unchanged');
  // The stored object keeps its metadata (resourceVersion: the replace's precondition) and status.
  const body: V2HorizontalPodAutoscaler = { ...stored, metadata: { ...stored.metadata, labels: { ...(stored.metadata?.labels ?? {}), ...labels } }, spec };
  const replaced = await attempt(`update HorizontalPodAutoscaler ${namespace}/${name}`, () =>
    clients.autoscaling.replaceNamespacedHorizontalPodAutoscaler({ namespace, name, body }),
  );
  return replaced.ok ? ok('updated') : replaced;
}
