// A Canary whose spec the CRD accepts but Songbird refuses (a Sentry check
// without spec.sentry: Ready=False InvalidSpec) is still handed back when it is
// deleted: removal needs only the target and the Service. Before, the
// finalizer was released without a hand-back, garbage collection removed the
// primary, and every request failed (298 of 298 in the breaker's run).
import { jest } from '@jest/globals';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { waitUntil } from '../world/wait-until.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { describeFailures, failedRequests } from '../scenario/failed-requests.js';

jest.setTimeout(300_000);

describe('removal of a Canary with an invalid spec', () => {
  let world: WorldHandle;
  let controller: ControllerUnderTest | undefined;
  let scenario: Scenario | undefined;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  afterAll(async () => {
    await controller?.stop();
    await scenario?.stop();
  });

  it('hands the service back with no failed request when a Canary that Songbird refuses (InvalidSpec) is deleted', async () => {
    const s = await startScenario({ kubeconfigPath: world.kubeconfigPath, setScrapeTargets: world.setScrapeTargets, namespace: 'invalid-delete', version: { tag: '1.0.0' }, canary: quickRollout(), internalRps: 10, customerRps: 30 });
    scenario = s;
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace: 'invalid-delete' });
    await s.waitForPhase(['Initialized'], 60_000);
    await s.patchCanary({ spec: { analysis: { checks: [{ name: 'new-issues', type: 'sentryNewIssues' }] } } });
    await s.waitFor('InvalidSpec', (st) => st.conditions?.some((c) => c.reason === 'InvalidSpec') ?? false, 30_000);

    s.mesh.resetCounts();
    await s.deleteCanary();
    await waitUntil('the Canary to be gone', async () => ((await s.canary()) ? { ok: false, reason: 'still there' } : { ok: true }), 120_000);
    await waitUntil('garbage collection of podinfo-primary', async () => ((await s.deployment('podinfo-primary')) ? { ok: false, reason: 'still there' } : { ok: true }), 90_000);
    await new Promise((r) => setTimeout(r, 5_000));

    const counts = s.mesh.counts();
    expect({ failed: failedRequests(counts), where: describeFailures(counts) }).toEqual({ failed: 0, where: 'no failed requests' });
    expect((await s.service('podinfo'))?.spec?.selector).toEqual({ app: 'podinfo' });
  });
});
