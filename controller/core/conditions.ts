import type { Condition } from '../schema/canary-status.js';

export type ConditionInput = Omit<Condition, 'lastTransitionTime' | 'observedGeneration'>;

/** Sets one condition, keeping its lastTransitionTime when its status did not change. */
export function setCondition(conditions: Condition[] | undefined, next: ConditionInput, generation: number, nowIso: string): Condition[] {
  const list = conditions ?? [];
  const previous = list.find((c) => c.type === next.type);
  const lastTransitionTime = previous && previous.status === next.status ? previous.lastTransitionTime : nowIso;
  const updated: Condition = { ...next, observedGeneration: generation, lastTransitionTime };
  return previous ? list.map((c) => (c.type === next.type ? updated : c)) : [...list, updated];
}
