import { jest } from '@jest/globals';
import { CoordinationV1Api, KubeConfig } from '@kubernetes/client-node';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CanaryStatus } from '../../controller/schema/canary-status.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { assertControllerBuilt, killHard, spawnController } from '../scenario/controller-process.js';
import { applyControllerRbac, grantSecretRead, serviceAccountIdentity, type ServiceAccountIdentity } from '../scenario/in-cluster-identity.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { startSlackStandIn, type SlackStandIn } from '../slack/slack-stand-in.js';

jest.setTimeout(300_000);

const NAMESPACE = 'in-cluster';
/** A refusal by the apiserver as the adapters report it ("Not allowed to … (403)") or as the apiserver words it ("… is forbidden: User …"). */
const FORBIDDEN = /forbidden|\(403\)|HTTP-Code: 403|"(status|statusCode|code)":\s*403\b/i;

// The built controller, with nothing but what `kubectl apply -k config/` gives its pod: the ServiceAccount's
// token (TokenRequest API), the cluster CA, KUBERNETES_SERVICE_HOST/PORT, config/'s RBAC and the Secret Role of
// examples/secrets-role.yaml. Any right the code needs and config/ lacks shows up as a 403 in its log.
describe('the controller with only the rights config/ grants', () => {
  let world: WorldHandle;
  let slack: SlackStandIn;
  let identity: ServiceAccountIdentity | undefined;
  let scenario: Scenario | undefined;
  let child: ChildProcess | undefined;
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'songbird-in-cluster-')), 'controller.log');

  const logLines = (): string[] => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  const forbiddenLines = () => logLines().filter((line) => FORBIDDEN.test(line));
  /** Waits for the rollout of a revision other than `after` to end; on a timeout, says what the controller log shows. */
  const rolloutEnd = async (s: Scenario, previousRevision: string | undefined): Promise<CanaryStatus> => {
    try {
      return await s.waitForPhase(['Succeeded', 'Failed'], 180_000, (st) => st.canaryRevision !== previousRevision);
    } catch (error) {
      const exited = child && (child.exitCode !== null || child.signalCode !== null) ? `the controller exited (${child.exitCode ?? child.signalCode})\n` : '';
      const refused = forbiddenLines();
      const shown = refused.length > 0 ? `refused by RBAC:\n${refused.join('\n')}` : `last log lines:\n${logLines().slice(-20).join('\n')}`;
      throw new Error(`${(error as Error).message}\n${exited}${shown}\n(log: ${logFile})`);
    }
  };

  /** The first Slack message whose text matches, waiting up to 10 s; undefined when none came. */
  const slackMessage = async (pattern: RegExp) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = slack.messages().find((m) => pattern.test(m.body.text));
      if (found || Date.now() > deadline) return found;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  beforeAll(async () => {
    assertControllerBuilt(); // before anything is created: says "run npm run build" when dist/ is missing
    world = await getSharedWorld();
    slack = await startSlackStandIn();
    await applyControllerRbac(world.kubeconfigPath);
    identity = await serviceAccountIdentity({ kubeconfigPath: world.kubeconfigPath, apiServerUrl: world.apiServerUrl });
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace: NAMESPACE,
      version: { tag: '1.0.0' },
      canary: quickRollout({ notifications: { slack: { webhookSecretRef: { name: 'slack-webhook', key: 'url' } } } }),
      internalRps: 10,
      customerRps: 30,
      secrets: { 'slack-webhook': { url: slack.webhookUrl() } },
    });
    await grantSecretRead(world.kubeconfigPath, NAMESPACE, ['slack-webhook']);
    // No kubeconfig and an empty HOME: client-node can only use the service account files.
    child = spawnController({ prometheusUrl: world.prometheusUrl, namespace: NAMESPACE, logFile, env: identity.env });
    await scenario.waitForPhase(['Initialized'], 90_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${logLines().slice(-20).join('\n')}\n(log: ${logFile})`);
    });
  });
  afterAll(async () => {
    if (child) await killHard(child);
    await scenario?.stop();
    await slack?.stop();
    await identity?.remove();
  });

  it('promotes a healthy version and tells Slack through the webhook Secret it may read', async () => {
    await scenario!.ship({ tag: '2.0.0' });
    const done = await rolloutEnd(scenario!, undefined);
    expect(done.phase).toBe('Succeeded');
    expect(done.lastPromotedRevision).toBe(done.canaryRevision);
    expect(await slackMessage(/\*Promoted\*/)).toBeDefined();
  });

  it('rolls back a faulty version, naming the failing check', async () => {
    const before = await scenario!.status();
    await scenario!.ship({ tag: '3.0.0', env: { DEMO_ERROR_RATE: '0.3' } });
    const done = await rolloutEnd(scenario!, before.canaryRevision);
    expect(done.phase).toBe('Failed');
    expect(done.reason).toContain('success-rate');
    expect(done.lastPromotedRevision).toBe(before.canaryRevision);
    expect(done.canaryWeight).toBe(0);
    const vs = (await scenario!.virtualService()) as { spec: { http: Array<{ name: string }> } };
    expect(vs.spec.http.map((r) => r.name)).toEqual(['songbird-default']);
    expect(await slackMessage(/ROLLED BACK/)).toBeDefined();
  });

  it('leads through the Lease config/ grants it (songbird-system/songbird-controller)', async () => {
    const admin = new KubeConfig();
    admin.loadFromFile(world.kubeconfigPath);
    const lease = await admin.makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace: 'songbird-system', name: 'songbird-controller' });
    const starting = JSON.parse(logLines().find((line) => line.includes('songbird controller starting'))!) as { identity: string; leaderElection: boolean };
    expect(starting.leaderElection).toBe(true);
    expect(lease.spec?.holderIdentity).toBe(starting.identity);
  });

  it('needed no right that config/ and the Secret Role lack: no 403 in its log', () => {
    const lines = logLines();
    expect(lines.some((line) => line.includes('songbird controller starting'))).toBe(true);
    expect(forbiddenLines()).toEqual([]);
  });
});
