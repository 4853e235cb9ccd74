// One controller with N Canaries on the world, phase by phase:
//   idle      the controller alone: VmRSS after settings.idleSeconds;
//   init      N Deployments and Canaries created: seconds from the first
//             create until all are Initialized (seen by the watch);
//   steady    after one more interval: VmRSS peak, CPU (utime+stime delta),
//             the controller's API requests (audit log) per Canary per interval;
//   rollout   10 % of the targets get a new revision at once: the same, plus
//             seconds until each Canary leaves its idle phase and the gaps
//             between analyses of the rolling ones.
// The controller is then stopped and the fleet removed.
import type { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { peakMiB, sampleRss } from '../operations/rss-sampler.js';
import { auditLogSize, countAuditRequests, topRequests, type AuditCount } from './audit-count.js';
import { watchCanaries, type CanaryWatch } from './canary-watch.js';
import { INITIALIZED_PHASES, type Contender } from './contender.js';
import { cpuWindow } from './cpu-time.js';
import { createFleet, pickRolling, planFleet, removeFleet, rollTargets } from './fleet.js';
import type { ScaleSettings } from './settings.js';
import { observeRollout } from './rollout-figures.js';
import { spread } from './stats.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n * 10) / 10);
const round2 = (n: number | null | undefined) => (n === null || n === undefined ? null : Math.round(n * 100) / 100);
/** The audit log is written when a request completes; a margin lets the window's last ones land. */
const AUDIT_FLUSH_MS = 2_000;

export interface RunInput {
  readonly admin: KubeConfig;
  readonly contender: Contender;
  readonly count: number;
  readonly settings: ScaleSettings;
  readonly kubeconfigPath: string;
  readonly user: string;
  readonly prometheusUrl: string;
  readonly auditLogPath: string;
  readonly logDir: string;
  readonly log: (line: string) => void;
}

export type RunFigures = Record<string, number | string | null>;

export async function measureRun(input: RunInput): Promise<{ figures: RunFigures; notes: string[] }> {
  const { admin, contender, count, settings, log } = input;
  const tag = `${contender.name} ${count}`;
  const notes: string[] = [];
  const figures: RunFigures = { canaries: count };
  const intervalMs = settings.intervalSeconds * 1000;
  const logFile = path.join(input.logDir, `${contender.name}-${count}.log`);
  const run = await contender.start({ kubeconfigPath: input.kubeconfigPath, prometheusUrl: input.prometheusUrl, logFile });
  const fleet = planFleet(`scale-${contender.name}-${count}`, count, settings.namespaces);
  let watch: CanaryWatch | undefined;
  try {
    await run.started;
    const rss = sampleRss(run.pid);
    await sleep(settings.idleSeconds * 1000);
    figures.rssMiBIdle = round1(rss.samples().at(-1)?.rssMiB);

    watch = await watchCanaries(admin, contender);
    const createdAt = Date.now();
    await createFleet(admin, contender, fleet, settings, input.prometheusUrl);
    figures.createSeconds = round1((Date.now() - createdAt) / 1000);
    const initDeadline = createdAt + settings.initTimeoutSeconds * 1000;
    let lastReport = 0;
    while (watch.countIn(INITIALIZED_PHASES) < count && Date.now() < initDeadline) {
      if (run.child.exitCode !== null) throw new Error(`${contender.name} exited (${run.child.exitCode}) while initializing; see ${logFile}`);
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        log(`${tag}: ${Math.round((Date.now() - createdAt) / 1000)} s, ${JSON.stringify(watch.phaseCounts())}, RSS ${rss.samples().at(-1)?.rssMiB.toFixed(0)} MiB`);
      }
      await sleep(250);
    }
    const initialized = watch.countIn(INITIALIZED_PHASES);
    figures.initSeconds = initialized === count ? round1((Date.now() - createdAt) / 1000) : null;
    if (initialized < count) notes.push(`${tag}: only ${initialized} of ${count} Initialized after ${settings.initTimeoutSeconds} s: ${JSON.stringify(watch.phaseCounts())}`);
    log(`${tag}: ${initialized}/${count} Initialized after ${figures.initSeconds ?? settings.initTimeoutSeconds} s`);

    await sleep(intervalMs); // let the last initializations settle (targets scaled to zero, routes drained)
    const steady = await window(input, run.pid, settings.steadySeconds * 1000, rss);
    Object.assign(figures, {
      rssMiBSteady: steady.rssMiB,
      cpuPercentSteady: steady.cpuPercent,
      apiRequestsSteady: steady.audit.requests,
      apiPerCanaryPerIntervalSteady: round2(steady.audit.requests / count / (steady.ms / intervalMs)),
      topRequestsSteady: topRequests(steady.audit),
    });
    log(`${tag}: steady ${settings.steadySeconds} s: ${steady.audit.requests} requests (${topRequests(steady.audit)}), CPU ${steady.cpuPercent} %, RSS ≤ ${steady.rssMiB} MiB`);

    const rolling = pickRolling(fleet, settings.rollingFraction);
    const rolloutMs = settings.rolloutSeconds * 1000;
    const sentAt = Date.now();
    const [updatedAt, rollout] = await Promise.all([rollTargets(admin, rolling, '2.0.0'), window(input, run.pid, rolloutMs, rss)]);
    const seen = observeRollout(watch.canaries, updatedAt, sentAt, sentAt + rolloutMs);
    const { notNoticed, succeeded } = seen;
    const noticedSpread = spread(seen.noticedSeconds);
    const gapSpread = spread(seen.gapSeconds);
    Object.assign(figures, {
      rolling: rolling.length,
      rssMiBRollout: rollout.rssMiB,
      cpuPercentRollout: rollout.cpuPercent,
      apiRequestsRollout: rollout.audit.requests,
      apiPerCanaryPerIntervalRollout: round2(rollout.audit.requests / count / (rollout.ms / intervalMs)),
      topRequestsRollout: topRequests(rollout.audit),
      revisionNoticedSecondsP50: round1(noticedSpread.p50),
      revisionNoticedSecondsP99: round1(noticedSpread.p99),
      revisionNoticedSecondsMax: round1(noticedSpread.max),
      revisionsNotNoticed: notNoticed,
      gapSecondsP50: round1(gapSpread.p50),
      gapSecondsP99: round1(gapSpread.p99),
      maxGapSeconds: round1(gapSpread.max),
      analysisMarker: contender.analysisMarkerField,
      rolloutsSucceeded: succeeded,
    });
    if (notNoticed > 0) notes.push(`${tag}: ${notNoticed} of ${rolling.length} new revisions not noticed within ${settings.rolloutSeconds} s (counted as the window's length)`);
    log(`${tag}: rollout ${settings.rolloutSeconds} s: ${rollout.audit.requests} requests (${topRequests(rollout.audit)}), noticed p99 ${figures.revisionNoticedSecondsP99} s, max gap ${figures.maxGapSeconds} s, ${succeeded}/${rolling.length} Succeeded`);
    rss.stop();
    figures.failedCanaries = watch.countIn(new Set(['Failed']));
    const restarts = watch.restarts();
    if (restarts.count > 0) notes.push(`${tag}: the bench's watch restarted ${restarts.count} times (last error: ${restarts.lastError ?? 'none'})`);
  } catch (error) {
    notes.push(`${tag}: the run stopped: ${(error as Error).message}`);
  } finally {
    watch?.stop();
    const stopped = run.child.exitCode === null && run.child.signalCode === null ? await run.terminate() : undefined;
    if (stopped && stopped.status !== '0') notes.push(`${tag}: SIGTERM exit status ${stopped.status}`);
    await run.kill();
  }
  figures.errorLogLines = errorLines(logFile, contender);
  figures.errors = Number(figures.errorLogLines) + Number(figures.failedCanaries ?? 0) + (figures.initSeconds === null ? 1 : 0);
  const left = await removeFleet(admin, contender, fleet, 300_000);
  if (left.length > 0) notes.push(`${tag}: namespaces still terminating after 300 s: ${left.join(', ')}`);
  return { figures, notes };
}

interface WindowFigures {
  readonly ms: number;
  readonly rssMiB: number | null;
  readonly cpuPercent: number | null;
  readonly audit: AuditCount;
}

/** Measures `ms` from now: peak VmRSS, CPU percent of one core, the user's API requests. */
async function window(input: RunInput, pid: number, ms: number, rss: ReturnType<typeof sampleRss>): Promise<WindowFigures> {
  const fromOffset = auditLogSize(input.auditLogPath);
  const fromMs = Date.now();
  const rssFrom = rss.samples().at(-1)?.atMs ?? 0;
  const cpu = cpuWindow(pid);
  await sleep(ms);
  const toMs = Date.now();
  const used = cpu.end();
  const rssMiB = peakMiB(rss.since(rssFrom + 1));
  await sleep(AUDIT_FLUSH_MS);
  const audit = await countAuditRequests(input.auditLogPath, { user: input.user, fromOffset, fromMs, toMs });
  return { ms: toMs - fromMs, rssMiB, cpuPercent: round1(used?.percent), audit };
}

function errorLines(logFile: string, contender: Contender): number {
  try {
    return readFileSync(logFile, 'utf8').split('\n').filter((line) => contender.isErrorLine(line)).length;
  } catch {
    return 0;
  }
}
