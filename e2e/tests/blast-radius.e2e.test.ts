// Issue 13, "blast radius, measured by the controller": whom a rollout's canary
// reached, counted from the world's real Prometheus scraping the mesh stand-in
// (internal users through podinfo-internal, customers apart), as status, the
// Warning Event, status.history and the Slack stand-in show it, against the
// mesh's own exact counts.
//
// The controller counts with the router's telemetry: the client proxies' raw
// counters (reporter="source") against their values at the rollout's start
// (PromQL `@`), series born since counted in full, so once Prometheus has
// scraped the last request the counts equal the mesh's exactly. Both tests
// stop the canary's traffic more than a scrape interval (1 s) before the
// measurement that status keeps: the rollback's analysis comes ~1.5 s after the
// internal users stop, the promotion's after the drain.
import { jest } from '@jest/globals';
import { scenarioPerTest } from '../scenario/scenario-per-test.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';
import { startSlackStandIn, type SlackStandIn } from '../slack/slack-stand-in.js';
import type { BlastRadius, CanaryStatus } from '../../controller/schema/canary-status.js';

jest.setTimeout(300_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const INTERNAL_RPS = 10;
const CUSTOMER_RPS = 30;

describe('blast radius on the local world', () => {
  const scenarios = scenarioPerTest();
  let slackStandIn: SlackStandIn;
  beforeEach(async () => {
    slackStandIn = await startSlackStandIn({});
  });
  afterEach(async () => {
    await slackStandIn.stop();
  });

  const start = (namespace: string, internalMinDuration: string) =>
    scenarios.start({
      namespace,
      version: { tag: '1.0.0' },
      canary: quickRollout({
        stages: { internal: { match: INTERNAL_MATCH, minDuration: internalMinDuration, minRequests: 20 }, steps: [{ weight: 25 }, { weight: 50 }] },
        notifications: { slack: { webhookSecretRef: { name: 'slack-webhook', key: 'url' } } },
      }),
      internalRps: INTERNAL_RPS,
      customerRps: CUSTOMER_RPS,
      secrets: { 'slack-webhook': { url: slackStandIn.webhookUrl() } },
    });
  const sentence = (b: BlastRadius) => {
    const n = (count: number, noun: string) => `${count.toLocaleString('en-US')} ${noun}${count === 1 ? '' : 's'}`;
    const who = b.customers.requests === 0 ? '0 customers' : `${n(b.customers.requests, 'customer request')} with ${n(b.customers.errors, 'error')}`;
    return `reached ${who} (${n(b.internal.requests, 'internal request')}, ${n(b.internal.errors, 'error')})`;
  };
  const slackText = async (kind: RegExp) => {
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sleep(250)) {
      const found = slackStandIn.messages().find((m) => kind.test(m.body.text));
      if (found) return found.body.text;
    }
    return `(no Slack message matching ${kind})`;
  };

  it('says "reached 0 customers" with the internal users\' requests through podinfo-internal when a bad version is rolled back in the internal stage', async () => {
    const s = await start('blast-radius-rollback', '60s');
    await s.ship({ tag: '2.0.0', env: { DEMO_ERROR_RATE: '0.3' } });
    // After the first failing analysis, internal users stop 2.5 s later: the second (failing)
    // analysis, 4 s after the first, still has ~25 requests in its interval (all 25 without a 5xx:
    // 0.7^25 ≈ 1e-4), and by then Prometheus holds every request the mesh counted.
    await s.waitFor('the first failed check in the internal stage', (st) => st.phase === 'Progressing' && st.stageName === 'internal' && (st.failedChecks ?? 0) >= 1, 90_000);
    await sleep(2_500);
    s.mesh.setRates({ internalRps: 0 });
    const failed: CanaryStatus = await s.waitForPhase(['Failed', 'Succeeded'], 60_000);
    const mesh = s.mesh.counts();
    const through = mesh.services['podinfo-internal']?.internal ?? { requests: 0, errors: 0 };
    const blast = failed.blastRadius!;
    console.log(`blast-radius rollback: status ${JSON.stringify(blast)}; mesh podinfo-internal ${JSON.stringify(through)}, podinfo-canary ${JSON.stringify(mesh.services['podinfo-canary'] ?? {})}; reason: ${failed.reason}`);

    expect(failed.phase).toBe('Failed');
    expect(failed.stageName).toBe('internal');
    expect(mesh.services['podinfo-canary']?.customer.requests ?? 0).toBe(0);
    expect(blast.customers).toEqual({ requests: 0, errors: 0 });
    expect(blast.internal).toEqual({ requests: through.requests, errors: through.errors });
    expect(through.requests).toBeGreaterThan(20);
    expect(blast.internal.errors).toBeGreaterThan(0);

    const said = sentence(blast);
    expect(said).toMatch(/^reached 0 customers \(\d+ internal requests, \d+ errors?\)$/);
    expect(failed.reason).toContain(`; ${said}`);
    const event = (await s.events()).find((e) => e.type === 'Warning' && e.reason === 'Failed');
    expect(event?.message?.endsWith(said)).toBe(true);
    expect(await slackText(/ROLLED BACK/)).toContain(`*Blast radius:* ${said}`);
    expect(failed.history?.[0]).toMatchObject({ result: 'rolledBack', revision: failed.canaryRevision, blastRadius: blast });
    expect(failed.timeline?.at(-1)).toMatchObject({ phase: 'Failed', blastRadius: blast });
  });

  it('gives both counts, measured after the drain, when a good version is promoted', async () => {
    const s = await start('blast-radius-promotion', '8s');
    await s.ship({ tag: '2.0.0' });
    const done: CanaryStatus = await s.waitForPhase(['Succeeded', 'Failed'], 180_000);
    const mesh = s.mesh.counts();
    const internal = mesh.services['podinfo-internal']?.internal ?? { requests: 0, errors: 0 };
    const customers = mesh.services['podinfo-canary']?.customer ?? { requests: 0, errors: 0 };
    const blast = done.blastRadius!;
    console.log(`blast-radius promotion: status ${JSON.stringify(blast)}; mesh podinfo-internal ${JSON.stringify(internal)}, podinfo-canary customers ${JSON.stringify(customers)}; reason: ${done.reason}`);

    expect(done.phase).toBe('Succeeded');
    expect(blast.internal.requests).toBeGreaterThan(0);
    expect(blast.customers.requests).toBeGreaterThan(0);
    // Measured once the routes had left the canary for the drain: nothing was still arriving.
    expect(Date.parse(blast.measuredAt)).toBeGreaterThan(Date.parse(done.history![0]!.startedAt));
    expect(blast.internal).toEqual({ requests: internal.requests, errors: internal.errors });
    expect(blast.customers).toEqual({ requests: customers.requests, errors: customers.errors });

    const said = sentence(blast);
    expect(said).toMatch(/^reached [\d,]+ customer requests with \d+ errors? \([\d,]+ internal requests, \d+ errors?\)$/);
    expect(done.reason?.endsWith(`; ${said}`)).toBe(true);
    expect(await slackText(/Promoted/)).toContain(`*Blast radius:* ${said}`);
    expect(done.history?.[0]).toMatchObject({ result: 'promoted', blastRadius: blast });
    expect(done.timeline?.map((p) => p.phase)).toEqual(expect.arrayContaining(['Waiting', 'Progressing', 'Promoting', 'Finalising', 'Succeeded']));
  });
});
