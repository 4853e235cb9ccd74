// The dashboard's JSON, as the handler sends it and the page reads it: types
// only, free of Kubernetes client types, so the page's build stays small.
import type { CanaryStatus } from '../schema/canary-status.js';

/** The status fields shown, as canary-status.ts defines them. */
export type ShownStatus = Pick<
  CanaryStatus,
  | 'phase'
  | 'canaryRevision'
  | 'lastPromotedRevision'
  | 'failedRevision'
  | 'stageIndex'
  | 'stageName'
  | 'stageStartedAt'
  | 'rolloutStartedAt'
  | 'rolloutNumber'
  | 'lastAnalysisAt'
  | 'canaryWeight'
  | 'internalToCanary'
  | 'failedChecks'
  | 'checks'
  | 'blastRadius'
  | 'timeline'
  | 'history'
  | 'replicas'
  | 'reason'
  | 'lastTransitionTime'
  | 'actionFailure'
>;

export interface DashboardCanary {
  readonly namespace: string;
  readonly name: string;
  /** spec.targetRef.name, when it is a string. */
  readonly target?: string;
  /** True once deletion was requested (the Canary hands its Service back, then goes). */
  readonly deleting: boolean;
  readonly status: ShownStatus;
  /** Why the status could not be read (it then shows as empty), naming the first bad field; absent when it was read. */
  readonly statusProblem?: string;
}

/** Whether the Canaries listed are the cluster's current ones, in words for the page's banner. */
export interface SourceState {
  /** True while the watch behind the source holds a successful list and runs. */
  readonly live: boolean;
  /** e.g. "leading replica: the controller's Canary cache" or "standby replica ...". */
  readonly message: string;
}

/** GET /dashboard/api/canaries, and the `snapshot` event of /dashboard/api/events. */
export interface CanariesAnswer {
  readonly source: SourceState;
  readonly canaries: readonly DashboardCanary[];
}

/** The `removed` event: a Canary was deleted. */
export interface RemovedCanary {
  readonly namespace: string;
  readonly name: string;
}
