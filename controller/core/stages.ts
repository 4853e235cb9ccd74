import { parseDurationMs } from '../schema/duration.js';
import type { CanarySpec } from '../schema/canary-spec.js';
import type { Routes } from './actions.js';

export interface Stage {
  name: string;
  routes: Routes;
  minDurationMs: number;
  /** Canary requests needed in this stage before it may end. */
  minRequests: number;
}

/** The ordered stages of a rollout: the internal stage (if any), then each weighted step. */
export function planStages(spec: CanarySpec): Stage[] {
  const intervalMs = intervalMsOf(spec);
  const internal = spec.stages.internal;
  const stages: Stage[] = [];
  if (internal) {
    stages.push({
      name: 'internal',
      routes: { internalToCanary: true, canaryWeight: 0 },
      minDurationMs: Math.max(parseDurationMs(internal.minDuration) ?? 0, intervalMs),
      minRequests: internal.minRequests,
    });
  }
  for (const step of spec.stages.steps) {
    stages.push({
      name: `weight-${step.weight}`,
      routes: { internalToCanary: internal !== undefined, canaryWeight: step.weight },
      minDurationMs: Math.max(step.minDuration ? parseDurationMs(step.minDuration) ?? 0 : 0, intervalMs),
      minRequests: 0,
    });
  }
  return stages;
}

export function intervalMsOf(spec: CanarySpec): number {
  return parseDurationMs(spec.analysis.interval) ?? 60_000;
}

const MAX_DRAIN_MS = 10_000;

/**
 * How long routes lead somewhere new before what they left may go (the canary scaled to zero, the
 * generated objects removed), in ms: one interval, at most 10 s. A mesh (Envoy) or kube-proxy learns
 * a route or selector change a little after the apiserver has it.
 */
export function drainMsOf(spec: CanarySpec): number {
  return Math.min(intervalMsOf(spec), MAX_DRAIN_MS);
}
