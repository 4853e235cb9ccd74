// Issue 11 on the real apiserver: a Canary at rest is reconciled from the
// informer caches with no API request at all, and a change reaches only the
// Canary it concerns (another Canary of the same namespace is not woken).
import { jest } from '@jest/globals';
import type { KubernetesObject } from '@kubernetes/client-node';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { waitUntil } from '../world/wait-until.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { GROUP, PLURAL, VERSION } from '../../controller/schema/canary.js';

jest.setTimeout(240_000);

const NAMESPACE = 'cache-reads';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('reads from the informer caches', () => {
  let world: WorldHandle;
  let scenario: Scenario | undefined;
  let controller: ControllerUnderTest | undefined;
  const requests: string[] = [];
  const reconciles = new Map<string, number>();
  const count = (name: string) => reconciles.get(`${NAMESPACE}/${name}`) ?? 0;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  afterAll(async () => {
    await controller?.stop();
    await scenario?.stop();
  });

  const phaseOf = async (s: Scenario, name: string) =>
    ((await s.kube.custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, namespace: NAMESPACE, name })) as { status?: { phase?: string } }).status?.phase;
  const annotate = (s: Scenario, what: 'canary' | 'deployment', name: string, value: string) => {
    const body = [{ op: 'add', path: '/metadata/annotations', value: { 'example.com/touched': value } }];
    const options = { headers: { 'Content-Type': 'application/json-patch+json' } };
    return what === 'canary'
      ? s.kube.custom.patchNamespacedCustomObject({ group: GROUP, version: VERSION, plural: PLURAL, namespace: NAMESPACE, name, body }, options as never)
      : s.kube.apps.patchNamespacedDeployment({ namespace: NAMESPACE, name, body }, options as never);
  };

  it('a Canary at rest costs no API request per reconcile, and a change wakes only the Canary it concerns', async () => {
    const s = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace: NAMESPACE,
      version: { tag: '1.0.0' },
      canary: quickRollout(),
      internalRps: 2,
      customerRps: 5,
    });
    scenario = s;
    // A second Canary in the same namespace, targeting its own Deployment.
    const neighbour = s.deploymentManifest({ tag: '1.0.0' }, 1);
    neighbour.metadata = { ...neighbour.metadata, name: 'neighbour', labels: { app: 'neighbour' } };
    neighbour.spec!.selector = { matchLabels: { app: 'neighbour' } };
    neighbour.spec!.template.metadata = { ...neighbour.spec!.template.metadata, labels: { ...neighbour.spec!.template.metadata?.labels, app: 'neighbour' } };
    const manifest = s.canaryManifest() as KubernetesObject & { spec: { targetRef: object; service: object } };
    const neighbourCanary = { ...manifest, metadata: { name: 'neighbour', namespace: NAMESPACE }, spec: { ...manifest.spec, targetRef: { ...manifest.spec.targetRef, name: 'neighbour' }, service: { ...manifest.spec.service, name: 'neighbour' } } };
    await s.applyAsGitOps([neighbour as KubernetesObject, neighbourCanary]);

    controller = await startInProcessController({
      kubeconfigPath: world.kubeconfigPath,
      prometheusUrl: world.prometheusUrl,
      namespace: NAMESPACE,
      resyncCron: '0 0 0 1 1 *', // once a year: only events and the controller's own timers wake a Canary here
      onRequest: (method, url) => requests.push(`${method} ${new URL(url).pathname}`),
      observer: { reconciled: (key) => reconciles.set(`${key.namespace}/${key.name}`, (reconciles.get(`${key.namespace}/${key.name}`) ?? 0) + 1), removed: () => {}, failed: () => {} },
    });
    const app = s.canaryManifest().metadata!.name!;
    await waitUntil(
      'both Canaries Initialized and their targets scaled to zero after the drain',
      async () => {
        const phases = [await phaseOf(s, app), await phaseOf(s, 'neighbour')];
        const replicas = [(await s.deployment(app))?.spec?.replicas, (await s.deployment('neighbour'))?.spec?.replicas];
        return phases.every((p) => p === 'Initialized') && replicas.every((r) => r === 0) ? { ok: true } : { ok: false, reason: `phases ${phases.join(', ')}; target replicas ${replicas.join(', ')}` };
      },
      120_000,
    );
    await sleep(3_000); // the last writes come back through the watches

    requests.length = 0;
    reconciles.clear();
    await annotate(s, 'canary', app, 'one');
    await waitUntil('the touched Canary reconciled', async () => (count(app) >= 1 ? { ok: true } : { ok: false, reason: 'not yet' }), 20_000);
    await sleep(1_000);
    expect({ requests, neighbourReconciles: count('neighbour') }).toEqual({ requests: [], neighbourReconciles: 0 });

    reconciles.clear();
    await annotate(s, 'deployment', app, 'two');
    await waitUntil('the Canary of the touched Deployment reconciled', async () => (count(app) >= 1 ? { ok: true } : { ok: false, reason: 'not yet' }), 20_000);
    await sleep(1_000);
    expect({ requests, neighbourReconciles: count('neighbour') }).toEqual({ requests: [], neighbourReconciles: 0 });

    reconciles.clear();
    await annotate(s, 'deployment', 'neighbour', 'three');
    await waitUntil('the neighbour reconciled', async () => (count('neighbour') >= 1 ? { ok: true } : { ok: false, reason: 'not yet' }), 20_000);
    await sleep(1_000);
    expect({ requests, appReconciles: count(app) }).toEqual({ requests: [], appReconciles: 0 });
  });
});
