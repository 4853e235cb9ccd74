// The controller under load: SIGTERM while its queue is deep (seconds until
// it exits), then a fresh controller reconciling every Canary with its peak
// resident memory sampled once a second.
import type { CustomObjectsApi } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { countInitialized } from './bulk-canaries.js';
import type { ControllerRun } from './controller-run.js';
import { metricValue } from '../../e2e/scenario/metrics-text.js';
import { readMetrics } from './metrics-endpoint.js';
import { peakMiB, sampleRss } from './rss-sampler.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface StopFigures {
  readonly stopSecondsUnderLoad: number | null;
  readonly queueDepthAtSigterm: number | null;
  readonly reconcilesBeforeSigterm: number | null;
  readonly exitStatusUnderLoad: string | null;
  /** What the controller logged on its way out (dropped, finished, abandoned). */
  readonly stoppedUnderLoad: unknown;
  readonly rssMiBAtSigterm: number | null;
  readonly notes: string[];
}

/**
 * Waits until the queue holds at least `minDepth` keys and one reconcile has
 * finished (work is running, the rest waits), sends SIGTERM and times the
 * exit. Sends it anyway after `waitMs`, saying so.
 */
export async function stopUnderLoad(run: ControllerRun, minDepth: number, logFile: string, waitMs = 90_000): Promise<StopFigures> {
  const notes: string[] = [];
  const { metricsPort } = await run.started;
  const sampler = sampleRss(run.pid);
  const startedAt = Date.now();
  let depth: number | undefined;
  let reconciles: number | undefined;
  let maxDepth = 0;
  while (Date.now() - startedAt < waitMs) {
    const text = await readMetrics(metricsPort);
    depth = text === undefined ? undefined : metricValue(text, 'songbird_workqueue_depth');
    reconciles = text === undefined ? undefined : metricValue(text, 'songbird_reconcile_duration_seconds_count');
    maxDepth = Math.max(maxDepth, depth ?? 0);
    if ((depth ?? 0) >= minDepth && (reconciles ?? 0) >= 1) break;
    if (maxDepth >= minDepth && (depth ?? 0) < minDepth) {
      notes.push(`stop: the queue fell from ${maxDepth} to ${depth} before a reconcile was counted; SIGTERM sent at ${depth}`);
      break;
    }
    await sleep(50);
  }
  if ((depth ?? 0) < minDepth && maxDepth < minDepth) notes.push(`stop: the queue never held ${minDepth} keys in ${waitMs / 1000} s (at most ${maxDepth}); SIGTERM sent anyway`);
  const rssAtSigterm = peakMiB(sampler.samples().slice(-1));
  const stopped = await run.terminate();
  sampler.stop();
  if (stopped.status !== '0') notes.push(`stop: the controller exited with ${stopped.status}, not 0`);
  const lastLine = readFileSync(logFile, 'utf8').split('\n').filter((l) => l.includes('"msg":"stopped"')).at(-1);
  const { dropped, finished, abandoned } = lastLine ? (JSON.parse(lastLine) as Record<string, unknown>) : ({} as Record<string, unknown>);
  return {
    stopSecondsUnderLoad: Number(stopped.seconds.toFixed(2)),
    queueDepthAtSigterm: depth ?? null,
    reconcilesBeforeSigterm: reconciles ?? null,
    exitStatusUnderLoad: stopped.status,
    stoppedUnderLoad: lastLine ? { dropped, finished, abandoned } : null,
    rssMiBAtSigterm: rssAtSigterm,
    notes,
  };
}

export interface LoadMemoryFigures {
  readonly rssMiB1000Canaries: number | null;
  readonly treeRssMiB1000Canaries: number | null;
  readonly loadSampleSeconds: number;
  readonly loadInitialized: number;
  readonly loadCanaries: number;
  readonly loadPhases: Record<string, number>;
  readonly loadAllInitializedSeconds: number | null;
  readonly notes: string[];
}

/** Peak VmRSS while `run` reconciles every Canary, until all are Initialized (or Succeeded) or `windowMs` ends. */
export async function memoryUnderLoad(run: ControllerRun, custom: CustomObjectsApi, windowMs: number): Promise<LoadMemoryFigures> {
  const notes: string[] = [];
  await run.started;
  const sampler = sampleRss(run.pid);
  const startedAt = Date.now();
  let counted = { initialized: 0, total: 0, phases: {} as Record<string, number> };
  let allSeconds: number | null = null;
  while (Date.now() - startedAt < windowMs) {
    await sleep(5_000);
    counted = await countInitialized(custom);
    const latest = sampler.samples().at(-1);
    console.log(`load: ${Math.round((Date.now() - startedAt) / 1000)} s, ${counted.initialized}/${counted.total} initialized, RSS ${latest?.rssMiB.toFixed(0)} MiB, phases ${JSON.stringify(counted.phases)}`);
    if (counted.initialized === counted.total) {
      allSeconds = (Date.now() - startedAt) / 1000;
      break;
    }
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      notes.push(`load: the controller exited (${run.child.exitCode ?? run.child.signalCode}) while reconciling`);
      break;
    }
  }
  if (allSeconds === null) notes.push(`load: ${counted.initialized} of ${counted.total} Canaries Initialized after ${Math.round((Date.now() - startedAt) / 1000)} s; the peak is over that window`);
  const samples = sampler.stop();
  return {
    rssMiB1000Canaries: peakMiB(samples),
    treeRssMiB1000Canaries: peakMiB(samples, (s) => s.treeMiB),
    loadSampleSeconds: Math.round((Date.now() - startedAt) / 1000),
    loadInitialized: counted.initialized,
    loadCanaries: counted.total,
    loadPhases: counted.phases,
    loadAllInitializedSeconds: allSeconds === null ? null : Number(allSeconds.toFixed(1)),
    notes,
  };
}
