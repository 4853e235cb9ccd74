// `make bench-scale`: Songbird (the built controller, dist/) and Flagger
// 1.36.1 (built from its Go module by bench/scale/install-flagger.sh) side
// by side on one local world, one controller at a time, for N Canaries each
// (BENCH_SCALE_SIZES, default 100,300,1000; every Canary with its own
// Deployment, spread over 10 namespaces, a 30 s interval, steps 10/25/50 %,
// one Prometheus check). Each runs as its own ServiceAccount; the
// apiserver's audit log counts its requests. Per controller and N it
// measures (bench/scale/measure.ts): seconds until all are Initialized, RSS
// idle/steady, CPU steady, API requests per Canary per interval steady and
// while 10 % roll out, how soon a new revision is noticed, the gaps between
// analyses of a rolling Canary, errors. Window lengths: bench/scale/settings.ts.
// Prints a table and ends with one JSON line:
// {"intervalSeconds":30,"songbird":{"100":{…},…},"flagger":{…}}.
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startWorld } from '../e2e/world/world.js';
import type { Contender } from './scale/contender.js';
import { createControllerIdentity, serviceAccountUser, SYSTEM_NAMESPACE, type ControllerIdentity } from './scale/controller-identity.js';
import { flagger } from './scale/flagger-contender.js';
import { measureRun } from './scale/measure.js';
import { resultsJson, resultsTable, type Results } from './scale/report.js';
import { readScaleSettings, type ControllerName } from './scale/settings.js';
import { songbird } from './scale/songbird-contender.js';

const CONTENDERS: Readonly<Record<ControllerName, Contender>> = { songbird, flagger };
const PODS_PER_NODE = 100; // KWOK nodes take 110

async function main(): Promise<boolean> {
  const read = readScaleSettings(process.env);
  if (!read.ok) throw new Error(`bench-scale settings: ${read.message}`);
  const settings = read.settings;
  const contenders = settings.controllers.map((name) => CONTENDERS[name]);
  const largest = Math.max(...settings.sizes);
  // Primaries and targets (until scaled to zero) at once, plus the rolling canaries.
  const nodes = Math.ceil((largest * Math.max(1, settings.replicas) * 2.2) / PODS_PER_NODE) + 1;
  const log = (line: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`);
  log(`bench-scale: sizes ${settings.sizes.join(', ')}; ${settings.controllers.join(' then ')}; interval ${settings.intervalSeconds} s, steady ${settings.steadySeconds} s, rollout ${settings.rolloutSeconds} s; ${nodes} KWOK nodes`);
  const world = await startWorld({ nodes, log, audit: { users: contenders.map((c) => serviceAccountUser(c.name)) } });
  const results: Results = {};
  const notes: string[] = [];
  try {
    const admin = new KubeConfig();
    admin.loadFromFile(world.kubeconfigPath);
    await admin.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: SYSTEM_NAMESPACE } } });
    const logDir = path.join(world.dir, 'logs', 'bench-scale');
    await mkdir(logDir, { recursive: true });
    const identities = new Map<ControllerName, ControllerIdentity>();
    for (const contender of contenders) {
      await contender.install(admin, world.kubeconfigPath);
      identities.set(contender.name, await createControllerIdentity(admin, contender.name, world.dir));
    }
    for (const count of settings.sizes) {
      for (const contender of contenders) {
        const identity = identities.get(contender.name)!;
        log(`${contender.label}, ${count} Canaries: starting`);
        const run = await measureRun({
          admin,
          contender,
          count,
          settings,
          kubeconfigPath: identity.kubeconfigPath,
          user: identity.user,
          prometheusUrl: world.prometheusUrl,
          auditLogPath: world.auditLogPath!,
          logDir,
          log,
        });
        (results[contender.name] ??= {})[String(count)] = run.figures;
        notes.push(...run.notes);
      }
    }
    log(`logs: ${logDir}; audit log: ${world.auditLogPath}`);
  } finally {
    await world.stop();
  }
  const labels = { songbird: songbird.label, flagger: flagger.label };
  console.log(`\nInterval ${settings.intervalSeconds} s; analyses seen as changes of ${contenders.map((c) => `${c.label}'s ${c.analysisMarkerField}`).join(' and ')}.`);
  console.log('Songbird runs with leader election as installed (its Lease renewals are among its requests); Flagger without, as its artifacts/flagger/deployment.yaml runs it.\n');
  console.log(resultsTable(results, labels, settings.sizes));
  for (const note of notes) console.log(`note: ${note}`);
  console.log(resultsJson(settings.intervalSeconds, results));
  return notes.some((note) => note.includes('the run stopped'));
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(1);
  },
);
