import type { CanaryStatus } from '../../controller/schema/canary-status.js';

export interface RecordedStatus {
  revision?: string;
  phase?: string;
  stageIndex?: number;
  canaryWeight?: number;
  rolloutStartedAt?: string;
}

export interface StatusRecorder {
  /** Every distinct (revision, phase, stage, weight, start) seen, in order. */
  readonly seen: RecordedStatus[];
  stop(): Promise<void>;
}

/** Polls a Canary's status every 200 ms in the background and keeps each distinct entry (a read that fails is skipped). */
export function recordStatuses(read: () => Promise<CanaryStatus>): StatusRecorder {
  const seen: RecordedStatus[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const status = await read().catch(() => undefined);
      if (status) {
        const entry = { revision: status.canaryRevision, phase: status.phase, stageIndex: status.stageIndex, canaryWeight: status.canaryWeight, rolloutStartedAt: status.rolloutStartedAt };
        const last = seen[seen.length - 1];
        if (!last || JSON.stringify(last) !== JSON.stringify(entry)) seen.push(entry);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  return {
    seen,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
