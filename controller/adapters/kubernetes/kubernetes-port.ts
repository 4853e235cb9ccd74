// The port the runtime uses for everything Songbird does with core
// Kubernetes objects, and its one implementation over @kubernetes/client-node.
import type { KubeConfig } from '@kubernetes/client-node';
import type { AutoscalerObservation } from '../../core/observations.js';
import type { SecretKeyRef } from '../../schema/canary-spec.js';
import type { CanaryStatus } from '../../schema/canary-status.js';
import type { CanaryResource } from '../../schema/canary.js';
import { recordEvent, type CanaryEvent } from './canary-event.js';
import type { ServicesInput } from './canary-services.js';
import { getCanary, listCanaries, writeStatus, type WriteStatusOptions } from './canary-store.js';
import { ensurePrimary, type EnsureOutcome } from './ensure-primary.js';
import { ensureServices, type ServiceOutcomes } from './ensure-services.js';
import { startInformer, type InformerOptions, type OnChange, type RunningInformer } from './informer.js';
import { makeKubernetesClients, type KubernetesClients } from './kubernetes-clients.js';
import type { KubeResult } from './kubernetes-errors.js';
import { observeWorkloads, type Workloads } from './observe-workloads.js';
import type { CanaryRef } from './owner-reference.js';
import { ensurePrimaryAutoscaler, observeAutoscaler, type AutoscalerOutcome, type PrimaryAutoscalerInput } from './primary-autoscaler.js';
import type { PrimaryInput } from './primary-deployment.js';
import { releaseService } from './release-service.js';
import { revertPrimary, type RevertInput } from './revert-primary.js';
import type { ReleaseOutcome } from './service-adoption.js';
import { setFinalizer, type FinalizerOutcome } from './set-finalizer.js';
import { scaleDeployment } from './scale-deployment.js';
import { readSecretKey } from './secret-key.js';
import { canarySource, deploymentSource } from './watch-sources.js';
import { cachedClients } from './cached-clients.js';
import type { ClusterCaches } from './cluster-caches.js';

export interface KubernetesPort {
  observeWorkloads(namespace: string, targetName: string): Promise<KubeResult<Workloads>>;
  ensurePrimary(input: PrimaryInput): Promise<KubeResult<EnsureOutcome>>;
  scaleDeployment(namespace: string, name: string, replicas: number, from?: number): Promise<KubeResult<'scaled' | 'unchanged' | 'changedElsewhere'>>;
  ensureServices(input: ServicesInput): Promise<KubeResult<ServiceOutcomes>>;
  /** Adds or removes the finalizer songbird.dev/hand-back on the Canary; a Canary that is gone is 'unchanged'. */
  setFinalizer(namespace: string, name: string, present: boolean): Promise<KubeResult<FinalizerOutcome>>;
  /** The target's autoscaling/v2 HPA (never Songbird's own `<target>-primary`); undefined when none. */
  observeAutoscaler(namespace: string, targetName: string): Promise<KubeResult<AutoscalerObservation | undefined>>;
  /** `<target>-primary` HPA: a copy of the target's aimed at the primary (present), or deleted if the Canary owns it. */
  ensurePrimaryAutoscaler(input: PrimaryAutoscalerInput): Promise<KubeResult<AutoscalerOutcome>>;
  /** Puts the primary back on `revision`'s recorded template; notFound when none is recorded. */
  revertPrimary(input: RevertInput): Promise<KubeResult<'reverted' | 'unchanged'>>;
  /** Hands the apex Service back: adopted → as it was ('restored'); owned → the user's, selecting the target ('released'). */
  releaseService(input: ServicesInput): Promise<KubeResult<ReleaseOutcome>>;
  readSecretKey(namespace: string, ref: SecretKeyRef): Promise<KubeResult<string>>;
  recordEvent(namespace: string, canary: CanaryRef, event: CanaryEvent): Promise<KubeResult<'recorded' | 'alreadyRecorded'>>;
  getCanary(namespace: string, name: string): Promise<KubeResult<CanaryResource | undefined>>;
  listCanaries(namespace?: string): Promise<KubeResult<CanaryResource[]>>;
  writeStatus(namespace: string, name: string, status: CanaryStatus, options?: WriteStatusOptions): Promise<KubeResult<{ resourceVersion: string }>>;
  watchCanaries(onChange: OnChange, options?: InformerOptions): RunningInformer;
  watchDeployments(onChange: OnChange, options?: InformerOptions): RunningInformer;
}

export interface KubernetesAdapterOptions {
  /** reportingInstance of recorded Events, e.g. the pod name. */
  readonly instance?: string;
  /** Read from these informer caches while they are synced (cached-clients.ts); without them every read is a request. */
  readonly caches?: ClusterCaches;
}

export function createKubernetesAdapter(kubeConfig: KubeConfig, options: KubernetesAdapterOptions = {}): KubernetesPort {
  const direct: KubernetesClients = makeKubernetesClients(kubeConfig);
  const clients = options.caches ? cachedClients(direct, options.caches) : direct;
  return {
    observeWorkloads: (namespace, targetName) => observeWorkloads(clients, namespace, targetName),
    ensurePrimary: (input) => ensurePrimary(clients, input),
    scaleDeployment: (namespace, name, replicas, from) => scaleDeployment(clients, namespace, name, replicas, from),
    ensureServices: (input) => ensureServices(clients, input),
    setFinalizer: (namespace, name, present) => setFinalizer(clients, namespace, name, present),
    observeAutoscaler: (namespace, targetName) => observeAutoscaler(clients, namespace, targetName),
    ensurePrimaryAutoscaler: (input) => ensurePrimaryAutoscaler(clients, input),
    revertPrimary: (input) => revertPrimary(clients, input),
    releaseService: (input) => releaseService(clients, input),
    readSecretKey: (namespace, ref) => readSecretKey(clients, namespace, ref),
    recordEvent: (namespace, canary, event) =>
      recordEvent(clients, namespace, canary, event, options.instance ? { instance: options.instance } : {}),
    getCanary: (namespace, name) => getCanary(clients, namespace, name),
    listCanaries: (namespace) => listCanaries(clients, namespace),
    writeStatus: (namespace, name, status, writeOptions) => writeStatus(clients, namespace, name, status, writeOptions),
    watchCanaries: (onChange, informerOptions) => startInformer(kubeConfig, canarySource(direct), onChange, informerOptions),
    watchDeployments: (onChange, informerOptions) => startInformer(kubeConfig, deploymentSource(direct), onChange, informerOptions),
  };
}
