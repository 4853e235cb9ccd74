import type { CanaryResource } from '../schema/canary.js';
import type { CanarySpec, SecretKeyRef } from '../schema/canary-spec.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import type { Routes } from '../core/actions.js';
import type { Result } from '../core/result.js';
import type { AutoscalerObservation, PodTemplate, VirtualServiceSummary, WorkloadObservation } from '../core/observations.js';
import type { ProviderPorts } from './checks/providers.js';
import type { Notifier } from './notifiers/notifier.js';

/** What the runtime needs of the world; wiring.ts builds it from the adapters. An Outcome is the shared Result (core/result.ts) with a Failure of any system's code. */
export type Outcome<T> = Result<T>;

export interface CanaryKey {
  namespace: string;
  name: string;
}

export interface CanaryIdentity extends CanaryKey {
  uid: string;
}

export interface ClusterPorts {
  getCanary(key: CanaryKey): Promise<Outcome<CanaryResource | undefined>>;
  /**
   * Replaces the status, only if the Canary is still at `resourceVersion`
   * (else `conflict`: read again and reconcile, never overwrite); answers the
   * new resourceVersion.
   */
  writeStatus(key: CanaryKey, status: CanaryStatus, resourceVersion: string): Promise<Outcome<{ resourceVersion: string }>>;
  observeWorkloads(namespace: string, targetName: string): Promise<Outcome<{ target: WorkloadObservation; primary: WorkloadObservation }>>;
  ensurePrimary(canary: CanaryIdentity, spec: CanarySpec, template: PodTemplate, revision: string, replicas: number): Promise<Outcome<unknown>>;
  /** `from`: the replicas observed; a target someone rescaled since is left for the next look. */
  scaleCanary(namespace: string, targetName: string, replicas: number, from?: number): Promise<Outcome<unknown>>;
  /** The Services, then the Canary's router (routers/router.ts): its objects, then the routes, verified. */
  applyRoutes(canary: CanaryIdentity, spec: CanarySpec, routes: Routes, targetSelector: Record<string, string>): Promise<Outcome<unknown>>;
  recordEvent(canary: CanaryIdentity, event: { id: string; eventType: 'Normal' | 'Warning'; reason: string; message: string }): Promise<Outcome<unknown>>;
  readSecret(namespace: string, ref: SecretKeyRef): Promise<Outcome<string>>;
  /** The target's HorizontalPodAutoscaler, undefined when it has none. */
  observeAutoscaler(namespace: string, targetName: string): Promise<Outcome<AutoscalerObservation | undefined>>;
  /** Every route object of the namespace (Istio: VirtualService), summarised relative to the Canary, as the spec's router reads them. */
  observeRoutes(canary: CanaryIdentity, spec: CanarySpec): Promise<Outcome<VirtualServiceSummary[]>>;
  setFinalizer(key: CanaryKey, present: boolean): Promise<Outcome<unknown>>;
  scalePrimary(namespace: string, targetName: string, replicas: number): Promise<Outcome<unknown>>;
  revertPrimary(canary: CanaryIdentity, spec: CanarySpec, revision: string): Promise<Outcome<unknown>>;
  ensurePrimaryAutoscaler(canary: CanaryIdentity, spec: CanarySpec, present: boolean): Promise<Outcome<unknown>>;
  /** The Service clients call selects the target again (restored when adopted), then the routes lead to it. */
  handBack(canary: CanaryIdentity, spec: CanarySpec, targetSelector: Record<string, string>): Promise<Outcome<unknown>>;
}

/** The cluster, every metric provider's port (checks/providers.ts: ports.prometheus, ports.sentry, ...) and the notifiers. */
export interface Ports extends ProviderPorts {
  cluster: ClusterPorts;
  /** Every channel rollout notifications go to (notifiers/notifiers-from-config.ts builds them). */
  notifiers: readonly Notifier[];
}
