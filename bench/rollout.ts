// `make bench-rollout`: the controller's overhead on a healthy rollout in the
// local world. Wall time from the new revision to Succeeded, divided by the
// time the stages alone must take (stages × interval). Ends with one JSON line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startWorld } from '../e2e/world/world.js';
import { startInProcessController } from '../e2e/scenario/in-process-controller.js';
import { startScenario } from '../e2e/scenario/scenario.js';
import { INTERNAL_MATCH } from '../e2e/scenario/app-objects.js';

const INTERVAL_SECONDS = Number(process.env.BENCH_INTERVAL_SECONDS ?? 15);
const ROLLOUTS = Number(process.env.BENCH_ROLLOUTS ?? 2);
const STEPS = [20, 50, 80];
const STAGES = 1 + STEPS.length;

async function main() {
  const world = await startWorld({ dir: mkdtempSync(path.join(tmpdir(), 'songbird-bench-')) });
  try {
    const scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: (t) => world.setScrapeTargets(t),
      namespace: 'bench',
      version: { tag: '1.0.0' },
      canary: {
        service: { port: 9898 },
        stages: { internal: { match: INTERNAL_MATCH, minDuration: `${INTERVAL_SECONDS}s`, minRequests: 10 }, steps: STEPS.map((weight) => ({ weight })) },
        analysis: { interval: `${INTERVAL_SECONDS}s`, threshold: 2, checks: [{ name: 'success-rate', type: 'successRate', min: 95 }] },
        progressDeadlineSeconds: 120,
      },
      internalRps: 10,
      customerRps: 30,
    });
    const controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace: 'bench' });
    await scenario.waitForPhase(['Initialized'], 90_000);
    const walls: number[] = [];
    for (let i = 1; i <= ROLLOUTS; i++) {
      const before = (await scenario.status()).canaryRevision;
      const started = Date.now();
      await scenario.ship({ tag: `1.${i}.0` });
      const done = await scenario.waitFor('promotion', (s) => s.canaryRevision !== before && (s.phase === 'Succeeded' || s.phase === 'Failed'), 600_000);
      if (done.phase !== 'Succeeded') throw new Error(`rollout ${i} ended ${done.phase}: ${done.reason}`);
      const wall = (Date.now() - started) / 1000;
      walls.push(wall);
      console.log(`rollout ${i}: ${wall.toFixed(1)} s for ${STAGES} stages × ${INTERVAL_SECONDS} s = ${STAGES * INTERVAL_SECONDS} s (ratio ${(wall / (STAGES * INTERVAL_SECONDS)).toFixed(3)})`);
    }
    await controller.stop();
    await scenario.stop();
    const ideal = STAGES * INTERVAL_SECONDS;
    const mean = walls.reduce((a, b) => a + b, 0) / walls.length;
    const figures = {
      bench: 'rollout',
      stages: STAGES,
      intervalSeconds: INTERVAL_SECONDS,
      rollouts: walls.length,
      idealSeconds: ideal,
      wallSeconds: walls.map((w) => Number(w.toFixed(2))),
      meanWallSeconds: Number(mean.toFixed(2)),
      overheadSeconds: Number((mean - ideal).toFixed(2)),
      overheadRatio: Number((mean / ideal).toFixed(4)),
    };
    console.log(`mean ${figures.meanWallSeconds} s against ${ideal} s: overhead ${figures.overheadSeconds} s, ratio ${figures.overheadRatio} (target ≤ 1.05)`);
    console.log(JSON.stringify(figures));
  } finally {
    await world.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(1);
  },
);
