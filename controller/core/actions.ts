import type { RolloutNotification } from './notifications.js';
import type { PodTemplate } from './observations.js';

export interface Routes {
  /** Internal users (the internal stage's match) go to the canary. */
  internalToCanary: boolean;
  /** Percentage of everyone else sent to the canary. */
  canaryWeight: number;
}

export const ALL_TO_PRIMARY: Routes = { internalToCanary: false, canaryWeight: 0 };

/**
 * What the runtime must do after a step. Desired-state actions (routes,
 * scale, primary) are idempotent; events and notifications carry
 * deterministic ids so a repeat is recognised.
 */
export type Action =
  | { type: 'ensurePrimary'; template: PodTemplate; revision: string; replicas: number }
  | { type: 'setRoutes'; routes: Routes }
  /** `from`: the target's replicas as observed; the runtime leaves a target rescaled since then alone. */
  | { type: 'scaleCanary'; replicas: number; from?: number }
  | { type: 'recordEvent'; id: string; eventType: 'Normal' | 'Warning'; reason: string; message: string }
  | { type: 'notify'; id: string; notification: RolloutNotification }
  | { type: 'sentryDeploy'; id: string; release: string; environment: string }
  /** Adds (true) or removes (false) the finalizer songbird.dev/hand-back of the Canary. */
  | { type: 'setFinalizer'; present: boolean }
  | { type: 'scalePrimary'; replicas: number }
  /** Puts the template of `revision` back on the primary (a promotion that could not complete). */
  | { type: 'revertPrimary'; revision: string }
  /** A copy of the target's HPA for the primary (true), or none (false). */
  | { type: 'ensurePrimaryAutoscaler'; present: boolean }
  /** The Service clients call selects the target again (or is restored as adopted); routes go to it. */
  | { type: 'handBack' };

export type ActionType = Action['type'];
