import { jest } from '@jest/globals';
import { scenarioPerTest } from '../scenario/scenario-per-test.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { startWavefrontStandIn, type WavefrontStandIn } from '../wavefront/wavefront-stand-in.js';

jest.setTimeout(300_000);

const NAMESPACE = 'wavefront-check';
const TOKEN = 'wf-e2e-token-must-not-leak-5d1c';

describe('a wavefront check', () => {
  const scenarios = scenarioPerTest();
  let wavefront: WavefrontStandIn;

  beforeAll(async () => {
    wavefront = await startWavefrontStandIn({ token: TOKEN });
  });
  afterAll(async () => {
    await wavefront.close();
  });

  it('rolls a canary back when its Wavefront query goes over max, naming the check in the reason', async () => {
    wavefront.set('queue.depth', { namespace: NAMESPACE, app: 'podinfo' }, 10);
    const scenario = await scenarios.start({
      namespace: NAMESPACE,
      version: { tag: '1.0.0' },
      secrets: { wavefront: { token: TOKEN } },
      canary: quickRollout({
        analysis: {
          interval: '4s',
          threshold: 1,
          checks: [
            { name: 'success-rate', type: 'successRate', min: 50 },
            {
              name: 'queue-depth',
              type: 'wavefront',
              address: wavefront.url,
              tokenSecretRef: { name: 'wavefront', key: 'token' },
              query: 'max(ts("queue.depth", namespace="{{ namespace }}" and app="{{ target }}"))',
              max: 50,
            },
          ],
        },
      }),
      internalRps: 10,
      customerRps: 20,
      seed: 12,
    });

    wavefront.set('queue.depth', { namespace: NAMESPACE, app: 'podinfo' }, 180);
    await scenario.ship({ tag: '2.0.0' });
    const done = await scenario.waitForPhase(['Succeeded', 'Failed'], 120_000);

    expect(done.phase).toBe('Failed');
    expect(done.reason).toContain('queue-depth: 180 (limit ≤ 50)');
    expect(JSON.stringify(done)).not.toContain(TOKEN);
    const asked = wavefront.queries.map((q) => q.q);
    expect(asked).toContain(`max(ts("queue.depth", namespace="${NAMESPACE}" and app="podinfo"))`);
    expect(wavefront.queries.every((q) => q.strict === 'true' && q.g === 's' && Number(q.e) - Number(q.s) === 4_000)).toBe(true);
  });
});
