// `make demo`: brings the local world up, installs Songbird, deploys the demo
// app, and ships three versions: a healthy one (promoted), one with five times
// the primary's error rate (rolled back by the comparison) and one that throws
// a new exception for internal users only (rolled back by Sentry during the
// internal stage). Exits 0 only when all three ended as they should.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { applyCrd } from '../scenario/apply-crd.js';
import { demoCanary } from './demo-canary.js';
import { progressLine, summaryLine, type RolloutSummary } from './rollout-summary.js';
import { startWorld } from '../world/world.js';
import { startSentryStandIn, type SentryStandIn } from '../sentry/start-sentry-stand-in.js';
import { startSlackStandIn } from '../slack/slack-stand-in.js';
import { startInProcessController } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import type { AppVersion } from '../scenario/app-objects.js';

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  say('Starting the local world (kube-apiserver, etcd, controller-manager, scheduler, KWOK, Prometheus)...');
  const world = await startWorld({ dir: mkdtempSync(path.join(tmpdir(), 'songbird-demo-')), log: (l) => say(`  ${l}`) });
  const sentry = await startSentryStandIn({ organization: 'acme', projects: [{ id: '1', slug: 'shop' }] });
  const slack = await startSlackStandIn();
  const stops: Array<() => Promise<unknown>> = [() => slack.stop(), () => sentry.stop(), () => world.stop()];
  try {
    await applyCrd(world.kubeconfigPath);
    const sentryEnv = (release: string) => ({ SENTRY_DSN: sentry.dsnFor('1'), SENTRY_RELEASE: release, SENTRY_ENVIRONMENT: 'production' });
    const scenario: Scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: (t) => world.setScrapeTargets(t),
      namespace: 'shop',
      version: { tag: '1.0.0', env: { DEMO_ERROR_RATE: '0.02', ...sentryEnv('podinfo@1.0.0') } },
      canary: demoCanary(sentry.url, 1),
      internalRps: 20,
      customerRps: 40,
      secrets: { 'sentry-token': { token: sentry.token }, 'slack-webhook': { url: slack.webhookUrl() } },
    });
    stops.unshift(() => scenario.stop());
    const controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace: 'shop' });
    stops.unshift(() => controller.stop());
    say(`Songbird is running; Prometheus at ${world.prometheusUrl}; KUBECONFIG=${world.kubeconfigPath}`);
    await scenario.waitForPhase(['Initialized'], 90_000);
    // 1.0.0's 2 % of errors must reach Sentry before 1.1.0 throws the same error:
    // Sentry gives an issue the release that reported it first, so a newer
    // release that got there first would own the old error as a "new issue".
    await waitUntilSentryHas(sentry, 'podinfo@1.0.0', 60_000);
    say('podinfo 1.0.0 is the primary; every request goes to it.\n');

    const rollouts: Array<[string, AppVersion, 'Succeeded' | 'Failed']> = [
      ['healthy 1.1.0', { tag: '1.1.0', env: { DEMO_ERROR_RATE: '0.02', ...sentryEnv('podinfo@1.1.0') } }, 'Succeeded'],
      ['5x error rate 2.0.0', { tag: '2.0.0', env: { DEMO_ERROR_RATE: '0.10', ...sentryEnv('podinfo@2.0.0') } }, 'Failed'],
      ['new exception 2.1.0', { tag: '2.1.0', env: { DEMO_ERROR_RATE: '0.02', DEMO_INTERNAL_EXCEPTION_RATE: '0.2', ...sentryEnv('podinfo@2.1.0') } }, 'Failed'],
    ];
    const summaries: RolloutSummary[] = [];
    for (const [name, version, expected] of rollouts) summaries.push(await rollOut(scenario, name, version, expected));

    say('\n== Summary');
    for (const s of summaries) say(summaryLine(s));
    // The last rollout's closing message may still be on its way.
    const last = rollouts[rollouts.length - 1]![1].tag;
    const closed = (text: string) => text.includes(last) && /rolled back|promoted/i.test(text);
    for (let waited = 0; waited < 15_000 && !slack.messages().some((m) => closed(m.body.text)); waited += 250) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    say('\n== Slack, as the stand-in received it');
    for (const m of slack.messages()) say(`  ${m.body.text.split('\n').join('\n  ')}\n`);
    return summaries.every((s) => s.outcome === s.expected) ? 0 : 1;
  } finally {
    for (const stop of stops) await stop().catch(() => undefined);
  }
}

async function waitUntilSentryHas(sentry: SentryStandIn, release: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!sentry.issues().some((issue) => issue.firstRelease === release)) {
    if (Date.now() > deadline) throw new Error(`no Sentry issue from ${release} within ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function rollOut(scenario: Scenario, name: string, version: AppVersion, expected: 'Succeeded' | 'Failed'): Promise<RolloutSummary> {
  say(`== Shipping ${name}`);
  const started = Date.now();
  const before = (await scenario.status()).canaryRevision;
  scenario.mesh.resetCounts();
  await scenario.ship(version);
  let shown = '';
  const done = await scenario.waitFor(`${name} to finish`, (s) => {
    const { time, text } = progressLine(s);
    if (text !== shown) say(`  ${time} ${text}`);
    shown = text;
    return s.canaryRevision !== before && (s.phase === 'Succeeded' || s.phase === 'Failed');
  }, 300_000);
  const counts = scenario.mesh.counts();
  return {
    name,
    revision: done.canaryRevision ?? '?',
    expected,
    outcome: done.phase ?? '?',
    durationSeconds: Math.round((Date.now() - started) / 1000),
    reason: done.reason ?? '',
    customerRequestsToCanary: counts.workloads[scenario.app]?.customer.requests ?? 0,
  };
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`demo failed: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
