// `make bench-operations`: Songbird run as it is installed (issue 10), in the
// local world, with the controller as its own OS process:
//   idle            the built controller, no Canaries: VmRSS after 20 s;
//   100 Canaries    each with its own Deployment over 4 namespaces: seconds
//                   until all are Initialized, then VmRSS over 15 steady s;
//   takeover        two replicas on one Lease, the leader SIGKILLed mid-rollout:
//                   seconds until the other holds the Lease and reconciles, and
//                   Events or Slack messages done twice (expected 0);
//   stop            1,000 more Canaries (1,100 in all) and a fresh controller,
//                   SIGTERM while ≥ 1,000 keys wait: seconds until it exits;
//   1,000 Canaries  a fresh controller reconciling all of them: peak VmRSS,
//                   against the memory limit config/ sets.
// `--runtime tsx` runs the controller the old way (node --import tsx
// controller/runtime/main.ts) for the idle and 100-Canary memory only.
// Ends with one JSON line. Targets: takeover ≤ 15 s, 0 duplicates, idle ≤ 120 MiB,
// 100 Canaries ≤ 200 MiB, stop ≤ 10 s, 1,000 Canaries under the limit.
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyCrd } from '../e2e/scenario/apply-crd.js';
import { startWorld } from '../e2e/world/world.js';
import { countInitialized, createBulkCanaries } from './operations/bulk-canaries.js';
import { startControllerRun, type ControllerRun, type Runtime } from './operations/controller-run.js';
import { memoryUnderLoad, stopUnderLoad } from './operations/load.js';
import { memoryLimitMiB } from './operations/memory-limit.js';
import { peakMiB, sampleRss } from './operations/rss-sampler.js';
import { measureTakeover } from './operations/takeover.js';

const IDLE_MS = 20_000;
const STEADY_MS = 15_000;
const PER_NAMESPACE = 25;
const HUNDRED = 100;
const LOAD = Number(process.env.BENCH_LOAD_CANARIES ?? 1_000);
const LOAD_WINDOW_MS = Number(process.env.BENCH_LOAD_WINDOW_SECONDS ?? 360) * 1000;
const LEASE_NAMESPACE = 'songbird-system';
const DEPLOYMENT_YAML = fileURLToPath(new URL('../config/manager/deployment.yaml', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (since: number) => Number(((Date.now() - since) / 1000).toFixed(1));
const round = (n: number | null) => (n === null ? null : Number(n.toFixed(1)));

function runtimeFromArgs(argv: readonly string[]): Runtime {
  const at = argv.indexOf('--runtime');
  const value = at >= 0 ? argv[at + 1] : 'built';
  if (value !== 'built' && value !== 'tsx') throw new Error(`--runtime takes built or tsx, not ${value}`);
  return value;
}

type Figures = Record<string, unknown>;

async function main(): Promise<boolean> {
  const began = Date.now();
  const runtime = runtimeFromArgs(process.argv.slice(2));
  // KWOK nodes take 110 pods each: 1,100 primaries, the 100 targets and the takeover's pods need 12.
  const world = await startWorld({ nodes: runtime === 'built' ? 14 : 3, log: (line) => console.log(line) });
  const runs: ControllerRun[] = [];
  const figures: Figures = { bench: 'operations', runtime };
  const notes: string[] = [];
  let failed = false;
  try {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(world.kubeconfigPath);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    await applyCrd(world.kubeconfigPath);
    await core.createNamespace({ body: { metadata: { name: LEASE_NAMESPACE } } });
    let serial = 0;
    const start = () => {
      const logFile = path.join(world.dir, 'logs', `songbird-${runtime}-${serial}.log`);
      const run = startControllerRun({
        runtime,
        kubeconfigPath: world.kubeconfigPath,
        prometheusUrl: world.prometheusUrl,
        logFile,
        env: { HOSTNAME: `songbird-${serial++}`, POD_NAMESPACE: LEASE_NAMESPACE },
      });
      runs.push(run);
      return { run, logFile };
    };
    const limit = memoryLimitMiB(DEPLOYMENT_YAML) ?? null;

    // Idle, then 100 Canaries, on one controller.
    const first = start();
    await first.run.started;
    const sampler = sampleRss(first.run.pid);
    await sleep(IDLE_MS + 500); // the sample taken at 20 s
    const idle = sampler.samples().at(-1)!;
    figures.idleRssMiB = round(idle.rssMiB);
    figures.idleTreeRssMiB = round(idle.treeMiB);
    console.log(`idle: ${idle.rssMiB.toFixed(1)} MiB VmRSS after ${(idle.atMs / 1000).toFixed(0)} s (process tree ${idle.treeMiB.toFixed(1)} MiB)`);
    const createdAt = Date.now();
    await createBulkCanaries(kubeConfig, { prefix: 'bench-hundred', count: HUNDRED, perNamespace: PER_NAMESPACE, replicas: 1 });
    figures.create100Seconds = seconds(createdAt);
    let counted = await countInitialized(custom);
    while (counted.initialized < HUNDRED && Date.now() - createdAt < 300_000) {
      await sleep(1_000);
      counted = await countInitialized(custom);
    }
    if (counted.initialized < HUNDRED) {
      failed = true;
      notes.push(`100 Canaries: only ${counted.initialized} Initialized after 300 s: ${JSON.stringify(counted.phases)}`);
    }
    figures.initialized100Seconds = seconds(createdAt);
    const steadyFrom = sampler.samples().at(-1)!.atMs;
    await sleep(STEADY_MS);
    const steady = sampler.since(steadyFrom + 1);
    figures.rssMiB100Canaries = peakMiB(steady);
    figures.treeRssMiB100Canaries = peakMiB(steady, (s) => s.treeMiB);
    figures.peakRssMiBWhileInitializing100 = peakMiB(sampler.samples());
    console.log(`100 Canaries: all Initialized ${figures.initialized100Seconds} s after the first create; steady VmRSS ≤ ${figures.rssMiB100Canaries} MiB`);
    sampler.stop();
    const stop100 = await first.run.terminate();
    figures.stopSeconds100Canaries = Number(stop100.seconds.toFixed(2));
    if (stop100.status !== '0') notes.push(`100 Canaries: SIGTERM exit status ${stop100.status}`);

    if (runtime === 'built') {
      const takeover = await measureTakeover({
        kubeconfigPath: world.kubeconfigPath,
        prometheusUrl: world.prometheusUrl,
        setScrapeTargets: (t) => world.setScrapeTargets(t),
        logDir: path.join(world.dir, 'logs'),
      }).catch((error: Error) => {
        failed = true;
        notes.push(`takeover did not finish: ${error.message}`);
        return undefined;
      });
      if (takeover) {
        const { notes: takeoverNotes, ...rest } = takeover;
        Object.assign(figures, rest);
        notes.push(...takeoverNotes);
        console.log(`takeover: ${takeover.leaderTakeoverSeconds} s; ${takeover.duplicateActionsAfterTakeover} duplicates among ${takeover.takeoverEvents} Events and ${takeover.takeoverSlackMessages} Slack messages`);
      }

      const loadCreatedAt = Date.now();
      // Targets at 0 replicas (Songbird gives the primary 1): the world runs 1,000 pods, not 2,000 created and 1,000 deleted.
      await createBulkCanaries(kubeConfig, { prefix: 'bench-load', count: LOAD, perNamespace: PER_NAMESPACE, replicas: 0 });
      figures.createLoadSeconds = seconds(loadCreatedAt);
      figures.canariesUnderLoad = (await countInitialized(custom)).total;
      console.log(`created ${LOAD} Canaries and their Deployments in ${figures.createLoadSeconds} s`);

      const second = start();
      const stop = await stopUnderLoad(second.run, LOAD, second.logFile);
      const { notes: stopNotes, ...stopFigures } = stop;
      Object.assign(figures, stopFigures);
      notes.push(...stopNotes);
      console.log(`stop: SIGTERM with ${stop.queueDepthAtSigterm} keys queued; exited ${stop.exitStatusUnderLoad} after ${stop.stopSecondsUnderLoad} s`);

      const third = start();
      const load = await memoryUnderLoad(third.run, custom, LOAD_WINDOW_MS);
      const { notes: loadNotes, ...loadFigures } = load;
      Object.assign(figures, loadFigures);
      notes.push(...loadNotes);
      const stopAfter = await third.run.terminate();
      figures.stopSecondsAfterLoad = Number(stopAfter.seconds.toFixed(2));
      figures.memoryLimitMiB = limit;
      figures.underMemoryLimit = limit !== null && load.rssMiB1000Canaries !== null ? load.rssMiB1000Canaries < limit : null;
      console.log(`1,000 Canaries: peak VmRSS ${load.rssMiB1000Canaries} MiB against a ${limit} MiB limit`);
    } else {
      figures.memoryLimitMiB = limit;
    }
  } catch (error) {
    failed = true;
    notes.push(`the bench stopped: ${(error as Error).stack ?? String(error)}`);
  } finally {
    for (const run of runs) await run.kill();
    await world.stop();
  }
  for (const note of notes) console.log(note);
  figures.wallSeconds = seconds(began);
  figures.notes = notes;
  console.log(JSON.stringify(figures));
  return failed;
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(1);
  },
);
