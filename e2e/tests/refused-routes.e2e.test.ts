import { jest } from '@jest/globals';
import { saveLog } from '../scenario/cluster-log-dump.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';
import { startSlackStandIn, type SlackStandIn } from '../slack/slack-stand-in.js';
import { clusterWorkloads } from '../scenario/cluster-workloads.js';
import { clusterVirtualServices, weightsTo } from '../scenario/cluster-virtual-services.js';
import { refuseCustomerTrafficToCanaries, ROUTE_POLICY_MESSAGE, type RoutePolicy } from '../scenario/cluster-route-policy.js';
import { eventually, startSampler } from '../scenario/cluster-sampler.js';

jest.setTimeout(300_000);

// Issue 9, "A route write that keeps failing ignores the deadline": a write
// the apiserver keeps refusing is a lack of progress like any other.
describe('a route write the apiserver keeps refusing', () => {
  let world: WorldHandle;
  let controller: ControllerUnderTest | undefined;
  let scenario: Scenario | undefined;
  let slack: SlackStandIn | undefined;
  let policy: RoutePolicy | undefined;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  afterEach(async () => {
    if (controller) saveLog(expect.getState().currentTestName ?? 'test', controller.logLines());
    await controller?.stop();
    await policy?.remove();
    await scenario?.stop();
    await slack?.stop();
    controller = undefined;
    policy = undefined;
    scenario = undefined;
    slack = undefined;
  });

  it('rolls back past progressDeadlineSeconds with the refusal in the reason, Slack and an Event, and scales the canary down only once all routes go to the primary', async () => {
    const namespace = 'route-refused';
    const deadlineSeconds = 20;
    slack = await startSlackStandIn();
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: { tag: '1.0.0' },
      canary: quickRollout({
        stages: { internal: { match: INTERNAL_MATCH, minDuration: '6s', minRequests: 10 }, steps: [{ weight: 25 }, { weight: 50 }] },
        progressDeadlineSeconds: deadlineSeconds,
        notifications: { slack: { webhookSecretRef: { name: 'slack-webhook', key: 'url' } } },
      }),
      internalRps: 10,
      customerRps: 30,
      secrets: { 'slack-webhook': { url: slack.webhookUrl() } },
    });
    const s = scenario;
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
    await s.waitForPhase(['Initialized'], 60_000);
    // Internal users may reach the canary (their route has a match); customers may not.
    policy = await refuseCustomerTrafficToCanaries(world.kubeconfigPath, namespace);

    const workloads = clusterWorkloads(world.kubeconfigPath, namespace);
    const virtualServices = clusterVirtualServices(world.kubeconfigPath, namespace);
    const world$ = startSampler(async () => {
      // The canary first: a canary at 0 read before routes to it means they were there after it went down.
      const canary = await workloads.deployment('podinfo');
      const vs = await virtualServices.read('podinfo');
      return { toCanary: weightsTo(vs, 'podinfo-canary'), canaryReplicas: canary.replicas, canaryAvailable: canary.availableReplicas };
    }, 150);
    let done;
    try {
      await s.ship({ tag: '2.0.0' });
      await s.waitFor('the internal stage', (st) => st.phase === 'Progressing' && st.stageName === 'internal', 90_000);
      s.mesh.resetCounts();
      // The internal stage passes; the first weighted step's routes are refused from then on.
      done = await s.waitForPhase(['Succeeded', 'Failed'], (6 + deadlineSeconds + 60) * 1000);
      await eventually('the canary scaled to zero', async () => ((await workloads.deployment('podinfo')).availableReplicas === 0 ? true : undefined), 30_000);
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      await world$.stop();
    }

    expect(done.phase).toBe('Failed');
    expect(done.reason).toContain(ROUTE_POLICY_MESSAGE);
    expect(done.canaryWeight).toBe(0);
    expect(done.internalToCanary).toBe(false);
    expect(done.lastPromotedRevision).not.toBe(done.canaryRevision);

    const events = await s.events();
    expect(events.some((e) => e.type === 'Warning' && e.message?.includes(ROUTE_POLICY_MESSAGE))).toBe(true);
    const rolledBack = await eventually('a Slack message about the rollback', async () =>
      slack!.messages().find((m) => /rolled back/i.test(JSON.stringify(m.body)) && JSON.stringify(m.body).includes(ROUTE_POLICY_MESSAGE)), 15_000,
      async () => JSON.stringify(slack!.messages().map((m) => m.body.text)));
    expect(rolledBack).toBeDefined();

    // Customers never reached the canary, and nobody was routed to it once it had no pods.
    const samples = world$.samples.map((x) => x.value);
    expect(samples.every((x) => x.toCanary.customers === 0)).toBe(true);
    const firstDown = samples.findIndex((x, i) => i > 0 && samples[i - 1]!.canaryReplicas > 0 && x.canaryReplicas === 0);
    expect(firstDown).toBeGreaterThan(0);
    for (const x of samples.slice(firstDown)) expect(x.toCanary).toEqual({ customers: 0, matched: 0 });
    const counts = s.mesh.counts();
    expect(counts.services['podinfo-canary']?.internal.errors ?? 0).toBe(0);
    expect(counts.total.customer.errors + counts.total.internal.errors).toBe(0);
    expect(counts.workloads['podinfo']?.customer.requests ?? 0).toBe(0);
  });
});
