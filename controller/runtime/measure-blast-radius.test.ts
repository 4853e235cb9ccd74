// measureBlastRadius asks the router's telemetry for the four counts and hands them on raw; the
// core rounds them (core/blast-radius.ts). Answers come from an in-memory Prometheus keyed by query.
import { istioTelemetry } from '../adapters/istio/istio-telemetry.js';
import { inMemoryPrometheus } from './checks/in-memory-prometheus.js';
import { measureBlastRadius } from './measure-analysis.js';

const canary = { namespace: 'shop', workload: 'podinfo' };
const through = { namespace: 'shop', service: 'podinfo-internal' };
const q = {
  internal: istioTelemetry.requestsThrough(through, 120),
  internalErrors: istioTelemetry.errorsThrough(through, 120),
  customers: istioTelemetry.requestsExcept(canary, 'podinfo-internal', 120),
  customerErrors: istioTelemetry.errorsExcept(canary, 'podinfo-internal', 120),
};

describe('measureBlastRadius', () => {
  it('splits the canary\'s requests into those through <svc>-internal and every other one, over the given window', async () => {
    const prometheus = inMemoryPrometheus({ [q.internal]: 213.6, [q.internalErrors]: 30.9, [q.customers]: 1250 });
    const reading = await measureBlastRadius(prometheus, istioTelemetry, canary, 'podinfo-internal', 120);
    expect(reading).toEqual({ ok: true, internal: { requests: 213.6, errors: 30.9 }, customers: { requests: 1250, errors: undefined } });
    expect(prometheus.queries.sort()).toEqual(Object.values(q).sort());
  });

  it('is a failure naming the query when any one of the four fails, never a partial count', async () => {
    const down = { code: 'unreachable' as const, message: 'Prometheus at http://prometheus:9090 is unreachable', retryable: true };
    const reading = await measureBlastRadius(inMemoryPrometheus({ [q.internal]: 10, [q.customers]: down }), istioTelemetry, canary, 'podinfo-internal', 120);
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.reason).toBe(`blast radius query ${q.customers} failed: ${down.message}`);
  });
});
