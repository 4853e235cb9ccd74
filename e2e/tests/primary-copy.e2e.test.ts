// The primary copy keeps every field of the target's pod template, including
// Kubernetes 1.36's spec.template.spec.schedulingGroup, which
// @kubernetes/client-node 1.4 has no model for: the target is written with
// kubectl (as GitOps would write it, every field kept), the controller
// initialises the Canary, and a change to only that field is a new revision
// that is rolled out and promoted.
import { jest } from '@jest/globals';
import { CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GROUP, PLURAL, VERSION } from '../../controller/schema/canary.js';
import { canaryStatusWatch } from '../scenario/canary-status-watch.js';
import type { CanaryStatus } from '../../controller/schema/canary-status.js';
import { startMesh, type KubernetesMesh } from '../mesh/mesh.js';
import { appDeployment } from '../scenario/app-objects.js';
import { applyCrd } from '../scenario/apply-crd.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';

jest.setTimeout(300_000);

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const KUBECTL = `${REPO}.cache/world/bin/kubectl`;
const run = promisify(execFile);
const APP = 'podinfo';
const SCHEDULING_GROUP = '{.spec.template.spec.schedulingGroup.podGroupName}';

describe('the primary copy on the local world (Kubernetes 1.36)', () => {
  const namespace = `keeps-fields-${randomBytes(3).toString('hex')}`;
  let world: WorldHandle;
  let custom: CustomObjectsApi;
  let core: CoreV1Api;
  let mesh: KubernetesMesh | undefined;
  let controller: ControllerUnderTest | undefined;
  let scratch: string;

  const kubectl = async (...args: string[]) => (await run(KUBECTL, ['--kubeconfig', world.kubeconfigPath, '-n', namespace, ...args], { cwd: REPO })).stdout.trim();

  const waitFor = (what: string, holds: (s: CanaryStatus) => boolean, timeoutMs: number) => canaryStatusWatch(custom, namespace, APP).waitFor(what, holds, timeoutMs);

  beforeAll(async () => {
    world = await getSharedWorld();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(world.kubeconfigPath);
    custom = kubeConfig.makeApiClient(CustomObjectsApi);
    core = kubeConfig.makeApiClient(CoreV1Api);
    scratch = await mkdtemp(path.join(os.tmpdir(), 'primary-copy-'));
    await applyCrd(world.kubeconfigPath);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
  });

  afterAll(async () => {
    await controller?.stop();
    await mesh?.stop();
    await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('copies spec.template.spec.schedulingGroup into the primary, and rolls out and promotes a change to only that field', async () => {
    // The target as GitOps writes it, with the 1.36 field, through kubectl (which knows it).
    const target = appDeployment(namespace, APP, { tag: '1.0.0' });
    const manifest = { ...target, spec: { ...target.spec!, template: { ...target.spec!.template, spec: { ...target.spec!.template.spec!, schedulingGroup: { podGroupName: 'group-a' } } } } };
    const file = path.join(scratch, 'target.json');
    await writeFile(file, JSON.stringify(manifest));
    await kubectl('apply', '-f', file);
    // The world's apiserver must persist the field (GenericWorkload on), or this test proves nothing.
    expect(await kubectl('get', 'deployment', APP, '-o', `jsonpath=${SCHEDULING_GROUP}`)).toBe('group-a');

    mesh = await startMesh({ kubeconfigPath: world.kubeconfigPath, namespace, host: APP, internalRps: 10, customerRps: 30, seed: 7, maxDurationMs: 10 * 60_000, pollIntervalMs: 250 });
    await world.setScrapeTargets([mesh.metricsTarget]);
    await custom.createNamespacedCustomObject({
      group: GROUP,
      version: VERSION,
      namespace,
      plural: PLURAL,
      body: { apiVersion: `${GROUP}/${VERSION}`, kind: 'Canary', metadata: { name: APP, namespace }, spec: { targetRef: { name: APP }, ...quickRollout() } },
    });
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });

    const initialised = await waitFor('Initialized', (s) => s.phase === 'Initialized', 60_000);
    expect(await kubectl('get', 'deployment', `${APP}-primary`, '-o', `jsonpath=${SCHEDULING_GROUP}`)).toBe('group-a');
    const first = initialised.lastPromotedRevision ?? initialised.canaryRevision;
    expect(first).toMatch(/^[0-9a-f]{10}$/);

    // Change only the scheduling group: a new revision, rolled out and promoted.
    await kubectl('patch', 'deployment', APP, '--type=merge', '-p', JSON.stringify({ spec: { template: { spec: { schedulingGroup: { podGroupName: 'group-b' } } } } }));
    const progressing = await waitFor('a rollout of the new revision', (s) => s.phase === 'Progressing' && s.canaryRevision !== undefined && s.canaryRevision !== first, 60_000);
    const done = await waitFor('Succeeded or Failed', (s) => s.phase === 'Succeeded' || s.phase === 'Failed', 180_000);
    expect({ phase: done.phase, reason: done.reason }).toEqual({ phase: 'Succeeded', reason: done.reason });
    expect(done.lastPromotedRevision).toBe(progressing.canaryRevision);
    expect(await kubectl('get', 'deployment', `${APP}-primary`, '-o', `jsonpath=${SCHEDULING_GROUP}`)).toBe('group-b');
    expect(await kubectl('get', 'deployment', `${APP}-primary`, '-o', "jsonpath={.metadata.annotations.songbird\\.dev/revision}")).toBe(progressing.canaryRevision);
  });
});
