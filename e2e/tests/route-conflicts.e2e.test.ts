import { jest } from '@jest/globals';
import type { CanaryStatus } from '../../controller/schema/canary-status.js';
import { saveLog } from '../scenario/cluster-log-dump.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { startSlackStandIn, type SlackStandIn } from '../slack/slack-stand-in.js';
import { clusterVirtualServices } from '../scenario/cluster-virtual-services.js';
import { startSampler } from '../scenario/cluster-sampler.js';

jest.setTimeout(300_000);

const DEADLINE_SECONDS = 20;
const readyOf = (s: CanaryStatus) => s.conditions?.find((c) => c.type === 'Ready');
const conflictNaming = (...names: string[]) => (s: CanaryStatus) => {
  const ready = readyOf(s);
  return ready?.status === 'False' && ready.reason === 'RouteConflict' && names.every((n) => ready.message.includes(n));
};

// Issue 9, "Routes that others own starve the canary silently": a
// VirtualService or route that shadows Songbird's is reported (Ready=False,
// an Event, Slack) and the rollout holds, instead of failing with "no
// traffic reached the canary" once its deadline has burnt.
describe('routes that others own', () => {
  let world: WorldHandle;
  let controller: ControllerUnderTest | undefined;
  let scenario: Scenario | undefined;
  let slack: SlackStandIn | undefined;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  afterEach(async () => {
    if (controller) saveLog(expect.getState().currentTestName ?? 'test', controller.logLines());
    await controller?.stop();
    await scenario?.stop();
    await slack?.stop();
    controller = undefined;
    scenario = undefined;
    slack = undefined;
  });

  const begin = async (namespace: string) => {
    slack = await startSlackStandIn();
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: { tag: '1.0.0' },
      canary: quickRollout({ progressDeadlineSeconds: DEADLINE_SECONDS, notifications: { slack: { webhookSecretRef: { name: 'slack-webhook', key: 'url' } } } }),
      internalRps: 10,
      customerRps: 30,
      secrets: { 'slack-webhook': { url: slack.webhookUrl() } },
    });
    return scenario;
  };
  const inProcess = async (namespace: string) => {
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
  };

  /** Watches the status for longer than the stage's minimum duration, an interval and the deadline together, and returns what it saw. */
  const watchTheHold = async (s: Scenario) => {
    const seen = startSampler(() => s.status(), 250);
    await new Promise((r) => setTimeout(r, (8 + 4 + DEADLINE_SECONDS + 6) * 1000));
    await seen.stop();
    return seen.samples.map((x) => x.value);
  };
  const expectEvent = async (s: Scenario, ...names: string[]) => {
    const events = await s.events();
    expect(events.some((e) => e.type === 'Warning' && e.reason === 'RouteConflict' && names.every((n) => e.message?.includes(n)))).toBe(true);
  };
  /** Checked last, so a missing Slack message is reported apart from the hold itself. */
  const expectSlackHalted = (...names: string[]) => {
    const halted = slack!.messages().filter((m) => /halted/i.test(JSON.stringify(m.body)) && names.every((n) => JSON.stringify(m.body).includes(n)));
    if (halted.length === 0) throw new Error(`no Slack "halted" message naming ${names.join(', ')}; Slack got: ${JSON.stringify(slack!.messages().map((m) => m.body.text))}`);
    expect(halted).toHaveLength(1);
  };

  it('reports an older VirtualService of the same host as a RouteConflict and holds the rollout until it is deleted', async () => {
    const namespace = 'conflict-foreign-vs';
    const s = await begin(namespace);
    const virtualServices = clusterVirtualServices(world.kubeconfigPath, namespace);
    // Older than Songbird's, so sidecars would use it (Istio takes the oldest VirtualService of a host).
    await virtualServices.createForeign('legacy-podinfo', 'podinfo', 'podinfo', 9898);
    await new Promise((r) => setTimeout(r, 1_200));
    await inProcess(namespace);

    await s.waitFor('Ready=False RouteConflict naming legacy-podinfo', conflictNaming('legacy-podinfo'), 60_000);
    await s.ship({ tag: '2.0.0' });
    const held = await watchTheHold(s);
    expect(held.length).toBeGreaterThan(50);
    expect(held.filter((x) => x.phase === 'Failed' || x.phase === 'Succeeded').map((x) => x.reason)).toEqual([]);
    expect(held.filter((x) => /no traffic/i.test(x.reason ?? '')).map((x) => x.reason)).toEqual([]);
    expect(held.every(conflictNaming('legacy-podinfo'))).toBe(true);
    await expectEvent(s, 'legacy-podinfo');
    // Only the oldest one is still untouched by Songbird.
    expect((await virtualServices.read('legacy-podinfo'))?.http).toEqual([{ name: 'all', route: [{ destination: { host: 'podinfo', port: { number: 9898 } } }] }]);

    await virtualServices.remove('legacy-podinfo');
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 180_000);
    expect(done.phase).toBe('Succeeded');
    expect(readyOf(done)?.reason).not.toBe('RouteConflict');
    expectSlackHalted('legacy-podinfo');
  });

  it('reports a user route without match placed before Songbird\'s routes as a RouteConflict and holds the rollout until it is removed', async () => {
    const namespace = 'conflict-catch-all';
    const s = await begin(namespace);
    await inProcess(namespace);
    await s.waitForPhase(['Initialized'], 60_000);
    const virtualServices = clusterVirtualServices(world.kubeconfigPath, namespace);
    await s.ship({ tag: '2.0.0' });
    await s.waitFor('the internal stage', (st) => st.phase === 'Progressing' && st.stageName === 'internal', 90_000);
    // Mid-rollout, someone puts a catch-all route first in Songbird's VirtualService.
    await virtualServices.prependRoute('podinfo', { name: 'user-catch-all', route: [{ destination: { host: 'podinfo-primary' } }] });

    await s.waitFor('Ready=False RouteConflict naming podinfo and user-catch-all', conflictNaming('podinfo', 'user-catch-all'), 30_000);
    const held = await watchTheHold(s);
    expect(held.filter((x) => x.phase === 'Failed' || x.phase === 'Succeeded').map((x) => x.reason)).toEqual([]);
    expect(held.filter((x) => /no traffic/i.test(x.reason ?? '')).map((x) => x.reason)).toEqual([]);
    expect(held.every((x) => x.stageName === 'internal')).toBe(true);
    expect(held.every(conflictNaming('user-catch-all'))).toBe(true);
    await expectEvent(s, 'user-catch-all');
    // Songbird leaves the user's route where the user put it.
    expect((await virtualServices.read('podinfo'))?.http[0]?.name).toBe('user-catch-all');

    await virtualServices.removeRoute('podinfo', 'user-catch-all');
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 180_000);
    expect(done.phase).toBe('Succeeded');
    expect(readyOf(done)?.reason).not.toBe('RouteConflict');
    expectSlackHalted('user-catch-all');
  });
});
