// Two replicas of the built controller on one Lease, a rollout in progress,
// the leader SIGKILLed at the first weighted step: how long until the other
// replica holds the Lease and reconciles, and whether anything (an Event, a
// Slack message) is done twice across the takeover.
import { CoordinationV1Api } from '@kubernetes/client-node';
import path from 'node:path';
import { REPORTING_CONTROLLER } from '../../controller/adapters/kubernetes/canary-event.js';
import { quickRollout } from '../../e2e/scenario/rollout-spec.js';
import { startScenario, type Scenario } from '../../e2e/scenario/scenario.js';
import { startSlackStandIn, type SlackStandIn } from '../../e2e/slack/slack-stand-in.js';
import { startControllerRun, type ControllerRun } from './controller-run.js';
import { duplicateEvents, duplicateMessages } from './duplicates.js';
import { metricValue } from '../../e2e/scenario/metrics-text.js';
import { readMetrics } from './metrics-endpoint.js';

const NAMESPACE = 'bench-takeover';
const LEASE = 'songbird-bench';
const TAKEOVER_TIMEOUT_MS = 60_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface TakeoverInput {
  readonly kubeconfigPath: string;
  readonly prometheusUrl: string;
  readonly setScrapeTargets: (targets: string[]) => Promise<void>;
  readonly logDir: string;
}

export interface TakeoverFigures {
  readonly leaderTakeoverSeconds: number | null;
  readonly duplicateActionsAfterTakeover: number;
  readonly duplicateEventsAfterTakeover: number;
  readonly duplicateSlackMessagesAfterTakeover: number;
  readonly takeoverEvents: number;
  readonly takeoverSlackMessages: number;
  readonly takeoverRolloutPhase: string | null;
  readonly takeoverKilledAtStage: string | null;
  readonly notes: string[];
}

/** Runs the takeover; stops both replicas, the scenario and the Slack stand-in whatever happens. */
export async function measureTakeover(input: TakeoverInput): Promise<TakeoverFigures> {
  const slack = await startSlackStandIn();
  const runs: ControllerRun[] = [];
  let scenario: Scenario | undefined;
  try {
    scenario = await startScenario({
      kubeconfigPath: input.kubeconfigPath,
      setScrapeTargets: input.setScrapeTargets,
      namespace: NAMESPACE,
      version: { tag: '1.0.0' },
      canary: quickRollout({ notifications: { slack: { webhookSecretRef: { name: 'slack-webhook', key: 'url' } } } }),
      secrets: { 'slack-webhook': { url: slack.webhookUrl() } },
      internalRps: 10,
      customerRps: 30,
    });
    const replica = (name: string) =>
      startControllerRun({
        runtime: 'built',
        kubeconfigPath: input.kubeconfigPath,
        prometheusUrl: input.prometheusUrl,
        logFile: path.join(input.logDir, `takeover-${name}.log`),
        env: { HOSTNAME: `songbird-${name}`, SONGBIRD_NAMESPACE: NAMESPACE, POD_NAMESPACE: NAMESPACE, SONGBIRD_LEASE_NAME: LEASE },
      });
    runs.push(replica('a'));
    await runs[0]!.started;
    runs.push(replica('b'));
    return await killTheLeader(scenario, slack, runs);
  } finally {
    for (const run of runs) await run.kill();
    await scenario?.stop();
    await slack.stop();
  }
}

async function killTheLeader(scenario: Scenario, slack: SlackStandIn, runs: ControllerRun[]): Promise<TakeoverFigures> {
  const notes: string[] = [];
  const starts = await Promise.all(runs.map((r) => r.started));
  const leases = scenario.kube.kubeConfig.makeApiClient(CoordinationV1Api);
  const holder = async () => (await leases.readNamespacedLease({ namespace: NAMESPACE, name: LEASE })).spec?.holderIdentity;
  await scenario.waitForPhase(['Initialized'], 90_000);
  await scenario.ship({ tag: '2.0.0' });
  const atKill = await scenario.waitFor('the first weighted step', (s) => s.phase === 'Progressing' && (s.stageIndex ?? 0) >= 1, 120_000);
  const leaderIdentity = await holder();
  const leaderIndex = starts.findIndex((s) => s.identity === leaderIdentity);
  if (leaderIndex < 0) throw new Error(`the Lease is held by ${leaderIdentity}, neither replica`);
  const standby = starts[1 - leaderIndex]!;
  const killedAt = Date.now();
  await runs[leaderIndex]!.kill();

  let takeoverSeconds: number | null = null;
  let reconcilesBefore: number | undefined;
  while (Date.now() - killedAt < TAKEOVER_TIMEOUT_MS) {
    const text = await readMetrics(standby.metricsPort);
    const leading = text !== undefined && metricValue(text, 'songbird_leader') === 1;
    const reconciles = text === undefined ? undefined : metricValue(text, 'songbird_reconcile_duration_seconds_count');
    reconcilesBefore ??= reconciles;
    // Leading by its own account, holding the Lease by the apiserver's, and at least one reconcile done since the kill.
    if (leading && (reconciles ?? 0) > (reconcilesBefore ?? 0) && (await holder()) === standby.identity) {
      takeoverSeconds = (Date.now() - killedAt) / 1000;
      break;
    }
    await sleep(100);
  }
  if (takeoverSeconds === null) notes.push(`takeover: the standby had not taken over ${TAKEOVER_TIMEOUT_MS / 1000} s after the leader's SIGKILL`);

  const done = await scenario.waitForPhase(['Succeeded', 'Failed'], 150_000).catch((error: Error) => {
    notes.push(`takeover: ${error.message}`);
    return undefined;
  });
  if (done && done.phase !== 'Succeeded') notes.push(`takeover: the rollout ended ${done.phase}: ${done.reason}`);
  // Let the outbox drain (each status write is followed by its delivery), then one interval more for any late repeat.
  await scenario.waitFor('an empty outbox', (s) => (s.outbox ?? []).length === 0, 30_000).catch((error: Error) => notes.push(`takeover: ${error.message}`));
  await sleep(5_000);
  const events = duplicateEvents(await scenario.events(), REPORTING_CONTROLLER);
  const messages = duplicateMessages(slack.messages());
  for (const r of [...events.repeated, ...messages.repeated]) notes.push(`takeover: done ${r.times} times: ${r.key.slice(0, 200)}`);
  return {
    leaderTakeoverSeconds: takeoverSeconds === null ? null : Number(takeoverSeconds.toFixed(1)),
    duplicateActionsAfterTakeover: events.count + messages.count,
    duplicateEventsAfterTakeover: events.count,
    duplicateSlackMessagesAfterTakeover: messages.count,
    takeoverEvents: (await scenario.events()).filter((e) => e.reportingComponent === REPORTING_CONTROLLER).length,
    takeoverSlackMessages: slack.messages().length,
    takeoverRolloutPhase: done?.phase ?? null,
    takeoverKilledAtStage: `${atKill.stageName ?? atKill.stageIndex} (stage ${atKill.stageIndex})`,
    notes,
  };
}
