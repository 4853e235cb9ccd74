import { jest } from '@jest/globals';
import type { CanarySpecInput } from '../../controller/schema/canary-spec.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';
import { startSlackStandIn, type SlackStandIn } from '../slack/slack-stand-in.js';

jest.setTimeout(180_000);

// Signals read as Prometheus really answers them, tried as a new user would: a version that
// answers every request 500 (no non-5xx series exists, so a ratio query returns nothing), and a
// PromQL check whose metric name is misspelt (a valid query that selects nothing).

const INTERVAL_SECONDS = 4;

describe('Prometheus signals on the local world', () => {
  let world: WorldHandle;
  let slack: SlackStandIn;
  let controller: ControllerUnderTest | undefined;
  let scenario: Scenario | undefined;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  beforeEach(async () => {
    slack = await startSlackStandIn();
  });
  afterEach(async () => {
    await controller?.stop();
    await scenario?.stop();
    await slack.stop();
    controller = undefined;
    scenario = undefined;
  });

  const begin = async (namespace: string, overrides: Partial<Omit<CanarySpecInput, 'targetRef'>>) => {
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: { tag: '1.0.0' },
      canary: quickRollout({ notifications: { slack: { webhookSecretRef: { name: 'slack-webhook', key: 'url' } } }, ...overrides }),
      internalRps: 10,
      customerRps: 30,
      secrets: { 'slack-webhook': { url: slack.webhookUrl() } },
    });
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
    await scenario.waitForPhase(['Initialized'], 60_000);
    return scenario;
  };
  const rollbackMessage = async () => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      const found = slack.messages().find((m) => /rolled back/i.test(JSON.stringify(m.body)));
      if (found) return JSON.stringify(found.body);
    }
    return 'no rollback message reached Slack';
  };

  it('rolls back a version that answers every request 500 within two intervals, at success rate 0 %', async () => {
    const s = await begin('all-errors', {
      analysis: { interval: `${INTERVAL_SECONDS}s`, threshold: 1, checks: [{ name: 'success-rate', type: 'successRate', min: 95 }] },
    });
    await s.ship({ tag: '2.0.0', env: { DEMO_ERROR_RATE: '1' } });
    const stage = await s.waitFor('the internal stage', (st) => st.phase === 'Progressing' && st.stageName === 'internal', 60_000);
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 60_000);
    expect(done.phase).toBe('Failed');
    expect(done.reason).toContain('success-rate: success rate 0 %');
    expect(done.reason).not.toMatch(/no traffic/);
    const seconds = (Date.parse(done.lastTransitionTime!) - Date.parse(stage.stageStartedAt!)) / 1000;
    console.log(`all-500 canary: rolled back ${seconds.toFixed(1)} s after its stage began (interval ${INTERVAL_SECONDS} s): ${done.reason}`);
    expect(seconds).toBeLessThanOrEqual(2 * INTERVAL_SECONDS + 1.5); // the second analysis at the latest, plus one reconcile
    const failed = (await s.events()).find((e) => e.reason === 'Failed');
    expect(failed?.message).toContain('success rate 0 %');
    expect(await rollbackMessage()).toContain('success rate 0 %');
  });

  it('names the check and its query, not traffic, when a PromQL check selects nothing', async () => {
    const query = 'sum(increase(istio_requests_totl{destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}"}[{{ interval }}]))';
    const s = await begin('promql-typo', {
      stages: { internal: { match: INTERNAL_MATCH, minDuration: '4s', minRequests: 10 }, steps: [{ weight: 50 }] },
      analysis: {
        interval: `${INTERVAL_SECONDS}s`,
        threshold: 2,
        checks: [
          { name: 'success-rate', type: 'successRate', min: 95 },
          { name: 'queue-depth', type: 'promql', query, max: 1_000_000 },
        ],
      },
      progressDeadlineSeconds: 12,
    });
    await s.ship({ tag: '2.0.0' });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 90_000);
    expect(done.phase).toBe('Failed');
    const rendered = 'sum(increase(istio_requests_totl{destination_workload_namespace="promql-typo",destination_workload="podinfo"}[4s]))';
    const served = /the canary served ([\d,]+) requests in this stage/.exec(done.reason ?? '');
    console.log(`misspelt PromQL metric: ${done.reason}`);
    for (const text of [done.reason ?? '', (await s.events()).find((e) => e.reason === 'Failed')?.message ?? '', await rollbackMessage()]) {
      expect(text).toContain('queue-depth');
      expect(text).toContain('istio_requests_totl');
      expect(text).not.toMatch(/no traffic/);
    }
    expect(done.reason).toContain(`queue-depth: the query \`${rendered}\` returned no data`);
    expect(Number(served?.[1]?.replace(/,/g, ''))).toBeGreaterThan(0);
  });
});
