// One watch on every Canary of a controller, cluster-wide, recording when
// each Canary's phase and analysis marker were seen to change (the time the
// event arrived here). A closed watch is resumed from the last
// resourceVersion; a 410 (expired) restarts it, and the apiserver then
// replays every Canary as ADDED, which changes nothing recorded.
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import type { Contender } from './contender.js';

export interface CanaryHistory {
  phase: string;
  marker: string | undefined;
  /** Every phase seen, with when it was first seen. */
  readonly phases: Array<{ at: number; phase: string }>;
  /** When the analysis marker was seen to change, and the phase then. */
  readonly analyses: Array<{ at: number; phase: string }>;
}

export interface CanaryWatch {
  /** `<namespace>/<name>` → history. */
  readonly canaries: ReadonlyMap<string, CanaryHistory>;
  /** How many Canaries are in one of `phases` now. */
  countIn(phases: ReadonlySet<string>): number;
  /** Canaries per phase now. */
  phaseCounts(): Record<string, number>;
  /** Watch (re)starts after the first, and the last error. */
  readonly restarts: () => { count: number; lastError: string | undefined };
  stop(): void;
}

interface WatchedObject {
  metadata?: { namespace?: string; name?: string; resourceVersion?: string };
  status?: Record<string, unknown>;
}

/** Starts watching `contender`'s Canaries; resolves once the watch request is open. */
export async function watchCanaries(kubeConfig: KubeConfig, contender: Contender): Promise<CanaryWatch> {
  const { group, version, plural } = contender.canaries;
  const canaries = new Map<string, CanaryHistory>();
  let resourceVersion: string | undefined;
  let stopped = false;
  let abort: AbortController | undefined;
  let restarts = 0;
  let lastError: string | undefined;

  const seen = (type: string, object: WatchedObject) => {
    if (object.metadata?.resourceVersion) resourceVersion = object.metadata.resourceVersion;
    // An ERROR event carries a Status; 410 means the resourceVersion expired: start over without it.
    if (type === 'ERROR' && (object as { code?: number }).code === 410) resourceVersion = undefined;
    if (type === 'BOOKMARK' || type === 'ERROR' || !object.metadata?.name) return;
    const key = `${object.metadata.namespace}/${object.metadata.name}`;
    if (type === 'DELETED') return void canaries.delete(key);
    const at = Date.now();
    const status = object.status ?? {};
    const phase = typeof status.phase === 'string' ? status.phase : 'none';
    const marker = contender.analysisMarker(status);
    let history = canaries.get(key);
    if (!history) {
      history = { phase, marker, phases: [{ at, phase }], analyses: [] };
      canaries.set(key, history);
      return;
    }
    if (phase !== history.phase) history.phases.push({ at, phase });
    if (marker !== undefined && marker !== history.marker) history.analyses.push({ at, phase });
    history.phase = phase;
    history.marker = marker;
  };

  const start = async (): Promise<void> => {
    const query: Record<string, string | boolean> = { allowWatchBookmarks: true };
    if (resourceVersion) query.resourceVersion = resourceVersion;
    abort = await new Watch(kubeConfig).watch(`/apis/${group}/${version}/${plural}`, query, seen, (error: unknown) => {
      if (stopped) return;
      restarts++;
      if (error) {
        lastError = error instanceof Error ? error.message : String(error);
        if (/410|Gone|too old/i.test(lastError)) resourceVersion = undefined;
      }
      setTimeout(() => void start().catch((e: Error) => (lastError = e.message)), 1_000);
    });
  };
  await start();

  return {
    canaries,
    countIn: (phases) => [...canaries.values()].filter((c) => phases.has(c.phase)).length,
    phaseCounts: () => {
      const counts: Record<string, number> = {};
      for (const c of canaries.values()) counts[c.phase] = (counts[c.phase] ?? 0) + 1;
      return counts;
    },
    restarts: () => ({ count: restarts, lastError }),
    stop: () => {
      stopped = true;
      abort?.abort();
    },
  };
}
