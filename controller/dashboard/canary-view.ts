// What the dashboard sends the page about one Canary: its names and the parts
// of its status a person reads (phase, stage, weights, checks, timeline, blast
// radius, history, reason), without the controller's bookkeeping (outbox,
// notified ids, comparison counts) or the object's metadata noise.
import type { KubernetesObject } from '@kubernetes/client-node';
import { readCanaryStatus } from '../core/status-reading.js';
import type { DashboardCanary, ShownStatus } from './dashboard-api.js';

export type { DashboardCanary, ShownStatus } from './dashboard-api.js';

const SHOWN: ReadonlyArray<keyof ShownStatus> = [
  'phase',
  'canaryRevision',
  'lastPromotedRevision',
  'failedRevision',
  'stageIndex',
  'stageName',
  'stageStartedAt',
  'rolloutStartedAt',
  'rolloutNumber',
  'lastAnalysisAt',
  'canaryWeight',
  'internalToCanary',
  'failedChecks',
  'checks',
  'blastRadius',
  'timeline',
  'history',
  'replicas',
  'reason',
  'lastTransitionTime',
  'actionFailure',
];

/**
 * A Canary object as the apiserver sent it → what the page shows. The status
 * is read as the controller reads it (core/status-reading.ts): a too-long
 * timeline or history is trimmed and shown; any other field that does not
 * parse (e.g. written by another version of Songbird) shows an empty status
 * with `statusProblem` naming every bad field, rather than hiding the Canary.
 */
export function dashboardCanaryOf(object: KubernetesObject): DashboardCanary {
  const metadata = object.metadata ?? {};
  const raw = object as { spec?: { targetRef?: { name?: unknown } }; status?: unknown };
  const target = typeof raw.spec?.targetRef?.name === 'string' ? raw.spec.targetRef.name : undefined;
  const reading = readCanaryStatus(raw.status);
  const base = { namespace: metadata.namespace ?? '', name: metadata.name ?? '', ...(target ? { target } : {}), deleting: Boolean(metadata.deletionTimestamp) };
  if (reading.kind === 'hold') {
    return { ...base, status: {}, statusProblem: `${reading.problems.map((p) => p.message).join('; ')} (the controller holds this Canary until it is fixed)` };
  }
  const status: Record<string, unknown> = {};
  for (const key of SHOWN) if (reading.status[key] !== undefined) status[key] = reading.status[key];
  return { ...base, status: status as ShownStatus };
}

/** Canaries sorted by namespace, then name, as the page lists them. */
export function dashboardCanariesOf(objects: readonly KubernetesObject[]): DashboardCanary[] {
  return objects.map(dashboardCanaryOf).sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}
