// The setup the replica e2e files share: the shared world, a scenario with a
// Canary, optionally Sentry and Slack stand-ins wired into it, and replicas
// of the built controller started on demand and all killed by stop().
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { startSentryStandIn, type SentryStandIn } from '../sentry/start-sentry-stand-in.js';
import { startSlackStandIn, type SlackStandIn } from '../slack/slack-stand-in.js';
import { assertControllerBuilt } from './controller-process.js';
import { startReplica, type ControllerReplica } from './controller-replicas.js';
import { quickRollout } from './rollout-spec.js';
import { startScenario, type Scenario } from './scenario.js';

export interface ReplicatedRollout {
  readonly world: WorldHandle;
  readonly scenario: Scenario;
  /** Present when started with `notify: true`. */
  readonly sentry: SentryStandIn;
  readonly slack: SlackStandIn;
  /** The env a version reports to Sentry with: its DSN, release and environment. */
  sentryEnv(release: string): Record<string, string>;
  /** Starts one more replica of the built controller, with `env` added. */
  replica(name: string, env?: Record<string, string>): ControllerReplica;
  /** Kills every replica, then stops the scenario and the stand-ins. */
  stop(): Promise<void>;
}

/**
 * Version 1.0.0 of podinfo in `namespace` under a quickRollout Canary; with
 * `notify`, the Canary also marks deploys in the Sentry stand-in and posts to
 * the Slack stand-in (their Secrets created in the namespace).
 */
export async function startReplicatedRollout(namespace: string, options: { notify: boolean }): Promise<ReplicatedRollout> {
  assertControllerBuilt();
  const world = await getSharedWorld();
  const sentry = options.notify ? await startSentryStandIn({ organization: 'acme', projects: [{ id: '1', slug: 'shop' }] }) : undefined;
  const slack = options.notify ? await startSlackStandIn() : undefined;
  const sentryEnv = (release: string): Record<string, string> => (sentry ? { SENTRY_DSN: sentry.dsnFor('1'), SENTRY_RELEASE: release, SENTRY_ENVIRONMENT: 'production' } : {});
  const scenario = await startScenario({
    kubeconfigPath: world.kubeconfigPath,
    setScrapeTargets: world.setScrapeTargets,
    namespace,
    version: { tag: '1.0.0', env: sentryEnv('podinfo@1.0.0') },
    canary: quickRollout(
      sentry && slack
        ? {
            sentry: { baseUrl: sentry.url, organization: 'acme', projects: [{ slug: 'shop', id: 1 }], tokenSecretRef: { name: 'sentry-token', key: 'token' }, container: 'app' },
            notifications: { slack: { webhookSecretRef: { name: 'slack-webhook', key: 'url' } } },
          }
        : {},
    ),
    internalRps: 10,
    customerRps: 30,
    ...(sentry && slack ? { secrets: { 'sentry-token': { token: sentry.token }, 'slack-webhook': { url: slack.webhookUrl() } } } : {}),
  });
  const replicas: ControllerReplica[] = [];
  return {
    world,
    scenario,
    get sentry() {
      if (!sentry) throw new Error('started without notify: no Sentry stand-in');
      return sentry;
    },
    get slack() {
      if (!slack) throw new Error('started without notify: no Slack stand-in');
      return slack;
    },
    sentryEnv,
    replica(name, env) {
      const started = startReplica(name, { kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace, ...(env ? { env } : {}) });
      replicas.push(started);
      return started;
    },
    async stop() {
      for (const r of replicas) await r.kill();
      await scenario.stop();
      await slack?.stop();
      await sentry?.stop();
    },
  };
}
