import type { Logger } from 'pino';
import type { CanarySpec } from '../schema/canary-spec.js';
import type { Action } from '../core/actions.js';
import { assertNever } from '../core/check-evaluation.js';
import { deployMarkerName } from '../core/deploy-marker-name.js';
import { sentryTarget } from './checks/sentry-target.js';
import type { CanaryIdentity, Ports } from './ports.js';

export type Execution = { ok: true } | { ok: false; action: Action['type']; message: string };

/**
 * Applies a step's actions in order. Desired-state actions (primary, routes,
 * scale) must take effect, or the step is not committed; events and release
 * markers are best effort; notifications are in the status's outbox (the core
 * put them there) and are delivered after that status is written.
 */
export async function executeActions(ports: Ports, canary: CanaryIdentity, spec: CanarySpec, actions: Action[], targetSelector: Record<string, string>, log: Logger): Promise<Execution> {
  for (const action of actions) {
    switch (action.type) {
      case 'notify':
        break; // queued in status.outbox by the core; reconcile.ts delivers it once the status is written
      case 'recordEvent': {
        const recorded = await ports.cluster.recordEvent(canary, action);
        if (!recorded.ok) log.warn({ reason: action.reason, error: recorded.error.message }, 'could not record event');
        break;
      }
      case 'sentryDeploy':
        await markSentryDeploy(ports, canary, spec, action, log);
        break;
      default: {
        const done = await applyDesiredState(ports, canary, spec, action, targetSelector);
        if (!done.ok) return { ok: false, action: action.type, message: done.error.message };
      }
    }
  }
  return { ok: true };
}

function applyDesiredState(ports: Ports, canary: CanaryIdentity, spec: CanarySpec, action: Exclude<Action, { type: 'notify' | 'recordEvent' | 'sentryDeploy' }>, targetSelector: Record<string, string>) {
  switch (action.type) {
    case 'ensurePrimary':
      return ports.cluster.ensurePrimary(canary, spec, action.template, action.revision, action.replicas);
    case 'setRoutes':
      return ports.cluster.applyRoutes(canary, spec, action.routes, targetSelector);
    case 'scaleCanary':
      return ports.cluster.scaleCanary(canary.namespace, spec.targetRef.name, action.replicas, action.from);
    case 'setFinalizer':
      return ports.cluster.setFinalizer(canary, action.present);
    case 'scalePrimary':
      return ports.cluster.scalePrimary(canary.namespace, spec.targetRef.name, action.replicas);
    case 'revertPrimary':
      return ports.cluster.revertPrimary(canary, spec, action.revision);
    case 'ensurePrimaryAutoscaler':
      return ports.cluster.ensurePrimaryAutoscaler(canary, spec, action.present);
    case 'handBack':
      return ports.cluster.handBack(canary, spec, targetSelector);
    default:
      return assertNever(action);
  }
}

async function markSentryDeploy(ports: Ports, canary: CanaryIdentity, spec: CanarySpec, action: Extract<Action, { type: 'sentryDeploy' }>, log: Logger) {
  const resolved = await sentryTarget(ports, canary.namespace, spec);
  const failed = async (message: string) => {
    log.warn({ release: action.release, environment: action.environment, error: message }, 'could not record the Sentry deploy');
    await ports.cluster.recordEvent(canary, { id: `${action.id}:failed`, eventType: 'Warning', reason: 'SentryDeployFailed', message: `Sentry deploy of ${action.release} to ${action.environment} not recorded: ${message}` });
  };
  if (!resolved.ok) return failed(resolved.reason);
  const release = await ports.sentry.ensureRelease(resolved.target, action.release);
  if (!release.ok) return failed(release.error.message);
  const deploy = await ports.sentry.recordDeploy(resolved.target, action.release, action.environment, deployMarkerName(canary, action.id));
  if (!deploy.ok) return failed(deploy.error.message);
  log.info({ release: action.release, environment: action.environment }, 'recorded Sentry deploy');
}
