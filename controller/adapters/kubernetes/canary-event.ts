// Records a core/v1 Event on a Canary. The Event's name is derived from the
// action id, so recording the same id twice leaves one Event.
import { createHash } from 'node:crypto';
import type { CoreV1Event } from '@kubernetes/client-node';
import { KIND } from '../../schema/canary.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { errorFromException, failed, ok, statusCodeOf, type KubeResult } from './kubernetes-errors.js';
import { CANARY_API_VERSION, type CanaryRef } from './owner-reference.js';

export const REPORTING_CONTROLLER = 'songbird.dev/controller';
const MAX_MESSAGE = 1024;

export interface CanaryEvent {
  readonly id: string;
  readonly eventType: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** `<canary>.<16 hex of sha256(id)>`: a valid name (at most 253 characters), the same for the same id. */
export function eventName(canaryName: string, id: string): string {
  const prefix = canaryName.slice(0, 253 - 17).replace(/[.-]+$/, '');
  return `${prefix}.${createHash('sha256').update(id).digest('hex').slice(0, 16)}`;
}

export function planCanaryEvent(namespace: string, canary: CanaryRef, event: CanaryEvent, now: Date, instance?: string): CoreV1Event {
  const message = event.message.length > MAX_MESSAGE ? `${event.message.slice(0, MAX_MESSAGE - 1)}…` : event.message;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: eventName(canary.name, event.id), namespace, annotations: { 'songbird.dev/event-id': event.id } },
    involvedObject: { apiVersion: CANARY_API_VERSION, kind: KIND, name: canary.name, namespace, uid: canary.uid },
    type: event.eventType,
    reason: event.reason,
    message,
    action: event.reason,
    source: { component: REPORTING_CONTROLLER },
    reportingComponent: REPORTING_CONTROLLER,
    ...(instance ? { reportingInstance: instance } : {}),
    firstTimestamp: now,
    lastTimestamp: now,
    count: 1,
  };
}

export async function recordEvent(
  clients: KubernetesClients,
  namespace: string,
  canary: CanaryRef,
  event: CanaryEvent,
  options: { now?: Date; instance?: string } = {},
): Promise<KubeResult<'recorded' | 'alreadyRecorded'>> {
  const body = planCanaryEvent(namespace, canary, event, options.now ?? new Date(), options.instance);
  try {
    await clients.core.createNamespacedEvent({ namespace, body });
    return ok('recorded');
  } catch (error) {
    if (statusCodeOf(error) === 409) return ok('alreadyRecorded');
    return failed(errorFromException(`record Event ${event.reason} on Canary ${namespace}/${canary.name}`, error));
  }
}
