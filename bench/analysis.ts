// make bench-analysis: simulated rollouts comparing Songbird's anytime-valid count test with a
// Flagger-style threshold decider and a fixed-horizon test re-checked at every interval, on the
// same simulated traffic. Deterministic (seeded). `--quick` runs a tenth of the rollouts.
import { fixedHorizonDecider } from './analysis/fixed-horizon-decider.js';
import type { DeciderKind } from './analysis/decider.js';
import { cells, summarize, table, type Outcomes } from './analysis/report.js';
import { runRollout, type RolloutPlan, type Scenario } from './analysis/rollout.js';
import { songbirdDecider } from './analysis/songbird-decider.js';
import { thresholdDecider } from './analysis/threshold-decider.js';

const quick = process.argv.includes('--quick');
const HEALTHY_RUNS = quick ? 200 : 2000;
const BAD_RUNS = quick ? 40 : 400;
const INTERNAL_RATES = [2, 20];
const ERROR_MULTIPLIERS = [1, 1.2, 1.5, 2, 5, 10];
const LATENCY_SHIFTS = [1.1, 1.25, 1.5, 2];
const PRIMARY = { errorRate: 0.01, medianLatencyMs: 100, latencySpread: 0.4 };

const plan: RolloutPlan = {
  intervalSeconds: 30,
  customerRps: 200,
  customerWeights: [0, 0.05, 0.25, 0.5],
  minIntervalsPerStage: 5,
  maxIntervals: 30,
};

const songbird = {
  alpha: 0.01,
  stages: plan.customerWeights.length,
  errorTolerance: 1.2,
  latencyTolerance: 1.5,
  latencyThresholdMs: 250,
  minTrials: 250,
};

const deciders: readonly DeciderKind[] = [
  songbirdDecider('songbird', { ...songbird, scope: 'stages' }),
  songbirdDecider('songbirdPooled', { ...songbird, scope: 'pooled' }),
  songbirdDecider('songbirdPerStage', { ...songbird, scope: 'perStage' }),
  thresholdDecider('threshold', { minSuccessRate: 0.99, maxP99Ms: 500, threshold: 5 }),
  thresholdDecider('thresholdAt98', { minSuccessRate: 0.98, maxP99Ms: 500, threshold: 5 }),
  thresholdDecider('thresholdAt95', { minSuccessRate: 0.95, maxP99Ms: 500, threshold: 5 }),
  fixedHorizonDecider('fixedHorizon', { criticalZ: 2.5758, latencyThresholdMs: 250 }),
];

interface Case {
  readonly label: string;
  readonly healthy: boolean;
  readonly internalRps: number;
  readonly key: string;
  readonly scenario: Scenario;
}

function cases(): Case[] {
  return INTERNAL_RATES.flatMap((internalRps) => [
    ...ERROR_MULTIPLIERS.map((multiplier) => ({
      label: multiplier === 1 ? 'healthy' : `errors ${multiplier}×`,
      healthy: multiplier === 1,
      internalRps,
      key: `errors${multiplier}@${internalRps}`,
      scenario: { internalRps, primary: PRIMARY, canary: { ...PRIMARY, errorRate: PRIMARY.errorRate * multiplier } },
    })),
    ...LATENCY_SHIFTS.map((shift) => ({
      label: `latency ${shift}×`,
      healthy: false,
      internalRps,
      key: `latency${shift}@${internalRps}`,
      scenario: { internalRps, primary: PRIMARY, canary: { ...PRIMARY, medianLatencyMs: PRIMARY.medianLatencyMs * shift } },
    })),
  ]);
}

function runCase(item: Case, decider: DeciderKind, caseIndex: number): Outcomes {
  const runs = item.healthy ? HEALTHY_RUNS : BAD_RUNS;
  const results = Array.from({ length: runs }, (_, run) => runRollout(1_000_003 * caseIndex + run, plan, item.scenario, decider));
  return summarize(results);
}

function headline(name: string, outcomes: ReadonlyMap<string, Outcomes>): Record<string, number | null> {
  const at = (key: string) => outcomes.get(`${name}/${key}`);
  const healthy = INTERNAL_RATES.map((rate) => at(`errors1@${rate}`));
  const rate = (o: Outcomes | undefined, part: number | undefined) => (o ? (part ?? 0) / o.runs : null);
  const fiveX = at('errors5@20');
  return {
    falseRollbackRate: Math.max(...healthy.map((o) => rate(o, o?.rolledBack) ?? 0)),
    healthyUndecidedRate: Math.max(...healthy.map((o) => rate(o, o?.undecided) ?? 0)),
    p50IntervalsAt5x20rps: fiveX?.p50Intervals ?? null,
    p95IntervalsAt5x20rps: fiveX?.p95Intervals ?? null,
    p50IntervalsAt5x2rps: at('errors5@2')?.p50Intervals ?? null,
    rollbackRateAt2x20rps: rate(at('errors2@20'), at('errors2@20')?.rolledBack),
    customerRequestsAt5x20rps: Math.round(fiveX?.meanCustomerRequestsToCanary ?? 0),
  };
}

function printRate(internalRps: number, all: readonly Case[], outcomes: ReadonlyMap<string, Outcomes>): void {
  const weights = plan.customerWeights.slice(1).map((weight) => `${weight * 100}%`);
  console.log(`\n== internal stage at ${internalRps} req/s, then ${weights.join('/')} of ${plan.customerRps} req/s`);
  const rows = all.filter((item) => item.internalRps === internalRps);
  const header = ['scenario', ...deciders.map((decider) => decider.name)];
  const get = (decider: DeciderKind, item: Case) => outcomes.get(`${decider.name}/${item.key}`) as Outcomes;
  const print = (title: string, items: readonly Case[], show: (o: Outcomes, item: Case) => string) => {
    console.log(`\n${title}`);
    console.log(table(header, items.map((item) => [item.label, ...deciders.map((decider) => show(get(decider, item), item))])));
  };
  print('rolled back (healthy row: false rollbacks; und = undecided at the cap)', rows, (o, item) => cells.rolledBack(o, item.healthy));
  const bad = rows.filter((item) => !item.healthy);
  print('intervals to roll back, median/p95 (∞: fewer than 50 %/95 % rolled back within the rollout)', bad, cells.intervals);
  print('customer requests served by the bad canary (mean; to the end of the rollout when never rolled back)', bad, cells.customers);
}

function main(): void {
  const started = performance.now();
  const all = cases();
  const outcomes = new Map<string, Outcomes>();
  all.forEach((item, index) => deciders.forEach((d) => outcomes.set(`${d.name}/${item.key}`, runCase(item, d, index))));
  console.log(
    `${HEALTHY_RUNS} healthy and ${BAD_RUNS} bad rollouts per scenario and internal rate; ${plan.intervalSeconds} s intervals, ` +
      `>= ${plan.minIntervalsPerStage} intervals per stage, cap ${plan.maxIntervals} intervals; primary 1 % errors, ` +
      `lognormal latency (median ${PRIMARY.medianLatencyMs} ms, sigma ${PRIMARY.latencySpread}; ~1.1 % over 250 ms)`,
  );
  INTERNAL_RATES.forEach((rate) => printRate(rate, all, outcomes));
  const seconds = (performance.now() - started) / 1000;
  console.log(`\nruntime ${seconds.toFixed(1)} s`);
  const summary = Object.fromEntries(deciders.map((d) => [d.name, headline(d.name, outcomes)]));
  console.log(JSON.stringify({ ...summary, runtimeSeconds: Math.round(seconds), healthyRunsPerRate: HEALTHY_RUNS }));
}

main();
