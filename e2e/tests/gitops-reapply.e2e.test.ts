import { jest } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { scenarioPerTest } from '../scenario/scenario-per-test.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';
import { describeFailures, failedRequests } from '../scenario/failed-requests.js';
import { recordStatuses } from '../scenario/status-recorder.js';

jest.setTimeout(300_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A VirtualService the team owns for another host of the namespace, as Git has it. */
const userVirtualService = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'reviews', labels: { team: 'shop' } },
  spec: { hosts: ['reviews'], http: [{ name: 'reviews-default', timeout: '3s', route: [{ destination: { host: 'reviews', port: { number: 9080 } } }] }] },
};

describe('GitOps re-applying the manifests mid-rollout', () => {
  const scenarios = scenarioPerTest();

  it('keeps the rollout on its course and no customer on the canary in the internal stage when Argo CD self-heal re-applies Git', async () => {
    const s = await scenarios.start({
      namespace: 'gitops-reapply',
      version: { tag: '1.0.0' },
      // A longer internal stage, so the re-apply and the counting window surely fall inside it.
      canary: quickRollout({ stages: { internal: { match: INTERNAL_MATCH, minDuration: '16s', minRequests: 20 }, steps: [{ weight: 25 }, { weight: 50 }] } }),
      internalRps: 10,
      customerRps: 30,
      objectsBeforeCanary: [userVirtualService as KubernetesObject],
    });
    const userVsBefore = (await s.virtualServiceNamed('reviews'))!;
    const statuses = recordStatuses(s.status);
    const git = () => [s.deploymentManifest({ tag: '2.0.0' }), s.canaryManifest(), { ...userVirtualService, metadata: { ...userVirtualService.metadata, namespace: s.namespace } }];

    await s.ship({ tag: '2.0.0' });
    const internal = await s.waitFor('the internal stage', (st) => st.phase === 'Progressing' && st.stageName === 'internal', 60_000);
    await sleep(1_500);
    s.mesh.resetCounts();
    await s.applyAsGitOps(git());
    await sleep(2_000);
    await s.applyAsGitOps(git());
    await sleep(2_000);
    const inInternal = s.mesh.counts();
    const stillInternal = await s.status();
    expect({ stage: stillInternal.stageName, rolloutStartedAt: stillInternal.rolloutStartedAt }).toEqual({ stage: 'internal', rolloutStartedAt: internal.rolloutStartedAt });
    expect({ failed: failedRequests(inInternal), where: describeFailures(inInternal) }).toEqual({ failed: 0, where: 'no failed requests' });
    expect(inInternal.workloads['podinfo']?.customer.requests ?? 0).toBe(0);
    expect(inInternal.workloads['podinfo']?.internal.requests ?? 0).toBe(inInternal.total.internal.requests);
    // The re-apply leaves Songbird's hand-back guard in place.
    expect((await s.canary())?.metadata.finalizers).toContain('songbird.dev/hand-back');

    await s.waitFor('the first weighted step', (st) => st.phase === 'Progressing' && st.stageIndex === 1, 60_000);
    await s.applyAsGitOps(git());
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 120_000);
    await statuses.stop();
    expect(done.phase).toBe('Succeeded');
    expect(done.rolloutStartedAt).toBe(internal.rolloutStartedAt);
    expect(done.lastPromotedRevision).toBe(internal.canaryRevision);
    const progressing = statuses.seen.filter((e) => e.phase === 'Progressing');
    expect([...new Set(progressing.map((e) => e.stageIndex))]).toEqual([0, 1, 2]);
    expect(new Set(progressing.map((e) => e.rolloutStartedAt))).toEqual(new Set([internal.rolloutStartedAt]));
    const userVsAfter = (await s.virtualServiceNamed('reviews'))!;
    expect(userVsAfter.spec).toEqual(userVsBefore.spec);
    expect(userVsAfter.metadata.ownerReferences ?? []).toEqual([]);
    expect(Object.keys(userVsAfter.metadata.annotations ?? {}).filter((k) => k.startsWith('songbird.dev/'))).toEqual([]);
  });
});
