// Names that leave no room for what Songbird generates are refused when the
// Canary is applied, with the field path, before anything is created (issue 9,
// "Names"). The Service name (spec.service.name, else spec.targetRef.name) gets
// `-primary`, `-canary` and `-internal` appended (issue 13 added `-internal`),
// and a Service name is a DNS label of at most 63 characters, so it may have
// 54; the Canary's own name is a label value (songbird.dev/canary), at most
// 63. Before issue 9, a 57-character target
// passed, the primary Deployment and the apex Service were created, and then
// `<name>-primary` was refused with 422, leaving a half-built Canary.
//
// The controller runs during the whole test, so a Canary the apiserver had
// let through would have been acted on.
import { jest } from '@jest/globals';
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { GROUP, KIND, PLURAL, VERSION } from '../../controller/schema/canary.js';
import { appDeployment } from '../scenario/app-objects.js';
import { applyCrd } from '../scenario/apply-crd.js';
import { canaryStatusWatch } from '../scenario/canary-status-watch.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';

jest.setTimeout(180_000);

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const KUBECTL = `${REPO}.cache/world/bin/kubectl`;
const run = promisify(execFile);

/** A DNS label of exactly `length` characters, starting with `prefix`. */
const nameOf = (prefix: string, length: number): string => `${prefix}-${'x'.repeat(length - prefix.length - 2)}z`;
const TOO_LONG_TARGET = nameOf('long', 55);
const LONGEST_TARGET = nameOf('fits', 54);

describe('names on the local world', () => {
  const namespace = `names-${randomBytes(3).toString('hex')}`;
  let world: WorldHandle;
  let apps: AppsV1Api;
  let core: CoreV1Api;
  let custom: CustomObjectsApi;
  let controller: ControllerUnderTest | undefined;
  let scratch: string;

  /** `kubectl apply` of one object, as a user or GitOps would; the exit status and output, never a throw. */
  const kubectlApply = async (object: unknown): Promise<{ ok: boolean; output: string }> => {
    const file = path.join(scratch, `${randomBytes(4).toString('hex')}.json`);
    await writeFile(file, JSON.stringify(object));
    try {
      const { stdout, stderr } = await run(KUBECTL, ['--kubeconfig', world.kubeconfigPath, '-n', namespace, 'apply', '-f', file], { cwd: REPO });
      return { ok: true, output: `${stdout}${stderr}` };
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string; message: string };
      return { ok: false, output: `${failed.stdout ?? ''}${failed.stderr ?? failed.message}` };
    }
  };

  const canary = (name: string, spec: Record<string, unknown>) => ({ apiVersion: `${GROUP}/${VERSION}`, kind: KIND, metadata: { name, namespace }, spec });
  const deploymentNames = async () => (await apps.listNamespacedDeployment({ namespace })).items.map((d) => d.metadata!.name!).sort();
  const serviceNames = async () => (await core.listNamespacedService({ namespace })).items.map((s) => s.metadata!.name!).sort();
  const canaryNames = async () =>
    ((await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: PLURAL })) as { items: Array<{ metadata: { name: string } }> }).items
      .map((c) => c.metadata.name)
      .sort();

  beforeAll(async () => {
    world = await getSharedWorld();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(world.kubeconfigPath);
    apps = kubeConfig.makeApiClient(AppsV1Api);
    core = kubeConfig.makeApiClient(CoreV1Api);
    custom = kubeConfig.makeApiClient(CustomObjectsApi);
    scratch = await mkdtemp(path.join(os.tmpdir(), 'names-'));
    await applyCrd(world.kubeconfigPath);
    await core.createNamespace({ body: { metadata: { name: namespace } } });
    for (const target of [TOO_LONG_TARGET, LONGEST_TARGET]) {
      const applied = await kubectlApply(appDeployment(namespace, target, { tag: '1.0.0' }));
      if (!applied.ok) throw new Error(`the target ${target} could not be applied: ${applied.output}`);
    }
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
  });

  afterAll(async () => {
    await controller?.stop();
    // Nothing is left to hand a stored Canary back once the controller has stopped: let garbage collection have it.
    for (const name of await canaryNames().catch(() => [] as string[])) {
      await custom
        .patchNamespacedCustomObject({ group: GROUP, version: VERSION, namespace, plural: PLURAL, name, body: [{ op: 'remove', path: '/metadata/finalizers' }] })
        .catch(() => undefined);
    }
    await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('refuses a Canary whose 55-character target would name its Services (<name>-internal would be 64), at spec.targetRef.name, and creates nothing for it', async () => {
    expect(TOO_LONG_TARGET).toHaveLength(55);
    const applied = await kubectlApply(canary('too-long-target', { targetRef: { name: TOO_LONG_TARGET }, ...quickRollout() }));

    expect(applied.ok).toBe(false);
    expect(applied.output).toContain('spec.targetRef.name');
    expect(applied.output).toContain('at most 54 characters');
    expect(await canaryNames()).not.toContain('too-long-target');
    // Give a controller that had seen it time to act (it watches, and resyncs every 10 s).
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await deploymentNames()).toEqual([LONGEST_TARGET, TOO_LONG_TARGET].sort());
    expect(await serviceNames()).toEqual([]);
  });

  it('refuses a 55-character spec.service.name at that field', async () => {
    const applied = await kubectlApply(canary('too-long-service', { targetRef: { name: TOO_LONG_TARGET }, ...quickRollout({ service: { port: 9898, name: nameOf('svc', 55) } }) }));

    expect(applied.ok).toBe(false);
    expect(applied.output).toContain('spec.service.name');
    expect(applied.output).toContain('at most 54 characters');
    expect(await canaryNames()).not.toContain('too-long-service');
  });

  it('refuses a Canary whose own name is 64 characters (a label value), at metadata.name', async () => {
    const name = nameOf('canary', 64);
    const applied = await kubectlApply(canary(name, { targetRef: { name: LONGEST_TARGET }, ...quickRollout() }));

    expect(applied.ok).toBe(false);
    expect(applied.output).toContain('metadata.name');
    expect(applied.output).toContain('songbird.dev/canary label');
    expect(await canaryNames()).not.toContain(name);
  });

  it('accepts a 54-character target, builds every object named after it (<name>-primary and <name>-internal included), and refuses renaming the target or the Service in place', async () => {
    expect(LONGEST_TARGET).toHaveLength(54);
    const name = nameOf('accepted', 63);
    const applied = await kubectlApply(canary(name, { targetRef: { name: LONGEST_TARGET }, ...quickRollout() }));
    expect(applied).toEqual({ ok: true, output: expect.stringContaining('created') });

    const initialised = await canaryStatusWatch(custom, namespace, name)
      .waitFor('Initialized', (s) => s.phase === 'Initialized', 90_000)
      .catch((error: Error) => {
        throw new Error(`${error.message}\ncontroller log (last 15 lines):\n${controller!.logLines().slice(-15).join('\n')}`);
      });
    expect(initialised.phase).toBe('Initialized');
    expect(await deploymentNames()).toEqual([LONGEST_TARGET, `${LONGEST_TARGET}-primary`, TOO_LONG_TARGET].sort());
    expect(await serviceNames()).toEqual([LONGEST_TARGET, `${LONGEST_TARGET}-canary`, `${LONGEST_TARGET}-internal`, `${LONGEST_TARGET}-primary`].sort());
    // Still nothing for the refused target.
    expect((await deploymentNames()).filter((d) => d.startsWith(TOO_LONG_TARGET))).toEqual([TOO_LONG_TARGET]);

    // Renaming the Service or the target in place would orphan the Services clients call: refused, at the field.
    const renamed = await kubectlApply(canary(name, { targetRef: { name: LONGEST_TARGET }, ...quickRollout({ service: { port: 9898, name: 'renamed' } }) }));
    expect(renamed.ok).toBe(false);
    expect(renamed.output).toContain('spec.service.name');
    expect(renamed.output).toContain('cannot change');
    const retargeted = await kubectlApply(canary(name, { targetRef: { name: TOO_LONG_TARGET.slice(0, 50) }, ...quickRollout() }));
    expect(retargeted.ok).toBe(false);
    expect(retargeted.output).toContain('spec.targetRef.name');
    expect(await serviceNames()).toEqual([LONGEST_TARGET, `${LONGEST_TARGET}-canary`, `${LONGEST_TARGET}-internal`, `${LONGEST_TARGET}-primary`].sort());
  });
});
