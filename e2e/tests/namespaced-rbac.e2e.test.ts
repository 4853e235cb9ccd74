// The built controller with only the rights the Helm chart grants at rbac.scope=namespaced: the
// chart is rendered by real Helm (.cache/world/bin/helm, built by e2e/world/install.sh), its
// ServiceAccount, Roles and RoleBindings are applied, and the controller runs as that
// ServiceAccount (a TokenRequest token, as a pod's mounted one) with the chart's SONGBIRD_NAMESPACE.
// The identity may not list anything cluster-wide, so a single cluster-wide list or watch would
// be a 403 in the controller's log and keep its readiness probe failing.
import { jest } from '@jest/globals';
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { loadAll } from 'js-yaml';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { assertControllerBuilt, killHard, spawnController } from '../scenario/controller-process.js';
import { serviceAccountIdentity, type ServiceAccountIdentity } from '../scenario/in-cluster-identity.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';

jest.setTimeout(300_000);

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BIN = `${REPO}.cache/world/bin`;
const run = promisify(execFile);
/** The chart's release namespace (its ServiceAccount and Lease) and the one namespace it watches. */
const RELEASE_NAMESPACE = 'songbird-nsrbac';
const WATCHED = 'nsrbac-shop';
const CONTROLLER = `system:serviceaccount:${RELEASE_NAMESPACE}:songbird-controller`;
const RBAC_KINDS = new Set(['ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);
/** A refusal by the apiserver as the adapters report it ("Not allowed to … (403)") or as the apiserver words it ("… is forbidden: User …"). */
const FORBIDDEN = /forbidden|\(403\)|HTTP-Code: 403|"(status|statusCode|code)":\s*403\b/i;

interface Rendered {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: { template?: { spec?: { containers?: Array<{ env?: Array<{ name: string; value?: string }> }> } } };
}

describe('the controller with only the rights of the Helm chart at rbac.scope=namespaced', () => {
  let world: WorldHandle;
  let identity: ServiceAccountIdentity | undefined;
  let scenario: Scenario | undefined;
  let child: ChildProcess | undefined;
  let rendered: Rendered[] = [];
  const dir = mkdtempSync(path.join(tmpdir(), 'songbird-nsrbac-'));
  const logFile = path.join(dir, 'controller.log');

  const kubectl = async (...args: string[]) => (await run(`${BIN}/kubectl`, ['--kubeconfig', world.kubeconfigPath, ...args], { cwd: REPO })).stdout.trim();
  const canI = async (...args: string[]) => {
    try {
      return await kubectl('auth', 'can-i', '--as', CONTROLLER, ...args);
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? '').trim(); // "no" exits 1
    }
  };
  const logLines = (): string[] => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  const forbiddenLines = () => logLines().filter((line) => FORBIDDEN.test(line));
  const explained = (error: Error) => {
    const refused = forbiddenLines();
    const shown = refused.length > 0 ? `refused by RBAC:\n${refused.slice(0, 10).join('\n')}` : `last log lines:\n${logLines().slice(-20).join('\n')}`;
    return new Error(`${error.message}\n${shown}\n(log: ${logFile})`);
  };

  beforeAll(async () => {
    assertControllerBuilt();
    world = await getSharedWorld();
    const { stdout } = await run(
      `${BIN}/helm`,
      ['template', 'songbird', 'charts/songbird', '--namespace', RELEASE_NAMESPACE, '--set', 'rbac.scope=namespaced', '--set', `rbac.watchNamespace=${WATCHED}`],
      { cwd: REPO },
    );
    rendered = (loadAll(stdout) as Array<Rendered | null>).filter((doc): doc is Rendered => doc !== null);
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace: WATCHED,
      version: { tag: '1.0.0' },
      canary: quickRollout(),
      internalRps: 10,
      customerRps: 30,
    });
    await kubectl('create', 'namespace', RELEASE_NAMESPACE);
    const rbacFile = path.join(dir, 'rbac.json');
    await writeFile(rbacFile, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: rendered.filter((object) => RBAC_KINDS.has(object.kind)) }));
    await kubectl('apply', '--server-side', '--field-manager', 'helm', '-f', rbacFile);
    // TokenRequest (`kubectl create token`) for the chart's ServiceAccount, written where a pod has it; no kubeconfig.
    identity = await serviceAccountIdentity({ kubeconfigPath: world.kubeconfigPath, apiServerUrl: world.apiServerUrl, namespace: RELEASE_NAMESPACE });
    const chartEnv = rendered.find((object) => object.kind === 'Deployment')?.spec?.template?.spec?.containers?.[0]?.env ?? [];
    const namespace = chartEnv.find((env) => env.name === 'SONGBIRD_NAMESPACE')?.value;
    if (namespace !== WATCHED) throw new Error(`the chart's SONGBIRD_NAMESPACE is ${namespace}, not ${WATCHED}`);
    child = spawnController({ prometheusUrl: world.prometheusUrl, namespace, logFile, env: identity.env });
    await scenario.waitForPhase(['Initialized'], 90_000).catch((error: Error) => {
      throw explained(error);
    });
  });
  afterAll(async () => {
    if (child) await killHard(child);
    await scenario?.stop();
    await identity?.remove();
    if (world) await kubectl('delete', 'namespace', RELEASE_NAMESPACE, '--wait=false').catch(() => undefined);
    await rm(path.join(dir, 'rbac.json'), { force: true }); // the controller log stays, as in-cluster.e2e.test.ts's
  });

  it('runs as an identity that may list Canaries and Deployments in the watched namespace only (the chart renders no ClusterRole)', async () => {
    expect(rendered.filter((object) => object.kind.startsWith('Cluster')).map((object) => object.kind)).toEqual([]);
    expect(await canI('list', 'canaries.songbird.dev', '-n', WATCHED)).toBe('yes');
    expect(await canI('watch', 'deployments.apps', '-n', WATCHED)).toBe('yes');
    expect(await canI('list', 'canaries.songbird.dev', '--all-namespaces')).toBe('no');
    expect(await canI('watch', 'deployments.apps', '--all-namespaces')).toBe('no');
    expect(await canI('list', 'services', '--all-namespaces')).toBe('no');
  });

  it('leads with every informer synced: its readiness probe answers 200', async () => {
    const starting = JSON.parse(logLines().find((line) => line.includes('songbird controller starting'))!) as { metricsPort: number; namespace: string };
    expect(starting.namespace).toBe(WATCHED);
    let answer = { status: 0, text: '' };
    const deadline = Date.now() + 30_000;
    while (answer.status !== 200 && Date.now() < deadline) {
      const response = await fetch(`http://127.0.0.1:${starting.metricsPort}/readyz`);
      answer = { status: response.status, text: await response.text() };
      if (answer.status !== 200) await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(answer).toEqual({ status: 200, text: expect.stringContaining('leading; informers synced') });
  });

  it('promotes a healthy version in the watched namespace', async () => {
    const before = await scenario!.status();
    await scenario!.ship({ tag: '2.0.0' });
    const done = await scenario!.waitForPhase(['Succeeded', 'Failed'], 180_000, (status) => status.canaryRevision !== before.canaryRevision).catch((error: Error) => {
      throw explained(error);
    });
    expect(done.phase).toBe('Succeeded');
    expect(done.lastPromotedRevision).toBe(done.canaryRevision);
  });

  it('made no request its Role refuses: no 403 in its log', () => {
    expect(logLines().some((line) => line.includes('songbird controller starting'))).toBe(true);
    expect(forbiddenLines()).toEqual([]);
  });
});
