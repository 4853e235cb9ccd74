import { checkSchema, type Check } from '../../schema/checks.js';
import { analysisTimes } from '../../core/measurement/windows.js';
import { evaluateCheck } from '../../core/check-evaluation.js';
import { istioTelemetry } from '../../adapters/istio/istio-telemetry.js';
import { inMemoryWavefront } from './in-memory-wavefront.js';
import type { MeasureScope } from './measure.js';
import { unaskedProviders } from './unasked-providers.js';
import { measureCheck } from './measures.js';

const NOW = new Date('2026-12-01T10:00:00Z');
const check = checkSchema.parse({
  name: 'queue-depth', type: 'wavefront', address: 'https://acme.wavefront.com', tokenSecretRef: { name: 'wavefront', key: 'token' },
  query: 'max(ts("queue.depth", namespace="{{ namespace }}" and app="{{ target }}"))', max: 50,
}) as Check;
const RENDERED = 'max(ts("queue.depth", namespace="shop" and app="podinfo"))';

function scope(answers: Parameters<typeof inMemoryWavefront>[0], secrets: Record<string, string> = { 'wavefront:token': 'wf-token' }) {
  const wavefront = inMemoryWavefront(answers);
  const s: MeasureScope = {
    ...unaskedProviders(),
    wavefront,
    telemetry: istioTelemetry, sentryTarget: () => Promise.resolve({ ok: false, reason: 'spec.sentry is not set' }),
    readSecret: (ref) => Promise.resolve(secrets[`${ref.name}:${ref.key}`] !== undefined
      ? { ok: true, value: secrets[`${ref.name}:${ref.key}`]! }
      : { ok: false, error: { code: 'notFound', message: `Secret shop/${ref.name} has no key ${ref.key}`, retryable: false } }),
    canary: { namespace: 'shop', workload: 'podinfo' }, primary: { namespace: 'shop', workload: 'podinfo-primary' },
    vars: { namespace: 'shop', target: 'podinfo' },
    times: analysisTimes({}, { intervalSeconds: 30, stageSeconds: 60, rolloutSeconds: 120 }, NOW),
    intervalRequests: { ok: true, value: 100 },
    canaryRelease: { ok: false, reason: 'not asked' }, primaryRelease: { ok: false, reason: 'not asked' },
  };
  return { wavefront, scope: s };
}

describe('the wavefront check', () => {
  it('asks the check\'s Wavefront, over the last interval, with its Secret\'s token and the templated WQL', async () => {
    const { wavefront, scope: s } = scope({ [RENDERED]: 12 });
    expect(await measureCheck(s, check)).toEqual({ check: 'queue-depth', kind: 'query', query: RENDERED, value: 12 });
    expect(wavefront.calls).toEqual([{
      target: { address: 'https://acme.wavefront.com', token: 'wf-token', tokenSecretRef: 'shop/wavefront:token' },
      query: { query: RENDERED, start: new Date('2026-12-01T09:59:30Z'), end: NOW },
    }]);
  });

  it.each([
    ['passes a value within max', 12, 'pass', /^queue-depth: 12 \(limit ≤ 50\)/],
    ['fails a value above max, naming the check, value and limit', 80, 'fail', /^queue-depth: 80 \(limit ≤ 50\)/],
    ['holds on no data, naming the query', undefined, 'noData', /returned no data/],
  ])('%s', async (_name, value, outcome, message) => {
    const { scope: s } = scope(value === undefined ? {} : { [RENDERED]: value });
    const evaluation = evaluateCheck(check, await measureCheck(s, check), NOW.toISOString());
    expect(evaluation).toMatchObject({ outcome, message: expect.stringMatching(message) });
  });

  it('errs with the Secret\'s reason, asking Wavefront nothing, when the token cannot be read', async () => {
    const { wavefront, scope: s } = scope({}, {});
    expect(await measureCheck(s, check)).toEqual({ check: 'queue-depth', kind: 'error', reason: 'Secret shop/wavefront has no key token' });
    expect(wavefront.calls).toEqual([]);
  });

  it('errs with Wavefront\'s message when the query is refused', async () => {
    const { scope: s } = scope({ [RENDERED]: { code: 'badQuery', message: 'Wavefront at https://acme.wavefront.com rejected the query', retryable: false } });
    expect(await measureCheck(s, check)).toEqual({ check: 'queue-depth', kind: 'error', reason: 'Wavefront at https://acme.wavefront.com rejected the query' });
  });

  it('is refused by the schema without min or max', () => {
    const parsed = checkSchema.safeParse({ name: 'q', type: 'wavefront', address: 'https://acme.wavefront.com', tokenSecretRef: { name: 'wavefront', key: 'token' }, query: 'ts(x)' });
    expect(parsed.success ? '' : parsed.error.issues[0]?.message).toBe('a wavefront check needs min, max or both');
  });
});
