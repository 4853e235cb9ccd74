// measureBlastRadius asks the router's telemetry for the four counts since the rollout's start and
// hands them on raw; the core rounds them (core/blast-radius.ts). Answers come from an in-memory
// Prometheus keyed by query.
import { istioTelemetry } from '../adapters/istio/istio-telemetry.js';
import { inMemoryPrometheus } from './checks/in-memory-prometheus.js';
import { blastRadiusServices, countSince, measureBlastRadius } from './measure-analysis.js';

const since = { start: 1_765_000_000, seconds: 120 };
const internal = { namespace: 'shop', service: 'podinfo-internal' };
const customers = { namespace: 'shop', service: 'podinfo-canary' };
const q = {
  internal: istioTelemetry.requestsThrough(internal, since),
  internalErrors: istioTelemetry.errorsThrough(internal, since),
  customers: istioTelemetry.requestsThrough(customers, since),
  customerErrors: istioTelemetry.errorsThrough(customers, since),
};

describe('measureBlastRadius', () => {
  it('counts internal users through <svc>-internal and customers through <svc>-canary, since the given start', async () => {
    const prometheus = inMemoryPrometheus({ [q.internal]: 214, [q.internalErrors]: 31, [q.customers]: 1250 });
    const reading = await measureBlastRadius(prometheus, istioTelemetry, blastRadiusServices('shop', 'podinfo'), since);
    expect(reading).toEqual({ ok: true, internal: { requests: 214, errors: 31 }, customers: { requests: 1250, errors: undefined } });
    expect(prometheus.queries.sort()).toEqual(Object.values(q).sort());
  });

  it('is a failure naming the query when any one of the four fails, never a partial count', async () => {
    const down = { code: 'unreachable' as const, message: 'Prometheus at http://prometheus:9090 is unreachable', retryable: true };
    const reading = await measureBlastRadius(inMemoryPrometheus({ [q.internal]: 10, [q.customers]: down }), istioTelemetry, blastRadiusServices('shop', 'podinfo'), since);
    expect(reading.ok).toBe(false);
    expect(!reading.ok && reading.reason).toBe(`blast radius query ${q.customers} failed: ${down.message}`);
  });

  it('reads the rollout window as a count since its start in Unix seconds', () => {
    const window = { seconds: 120, start: new Date('2025-12-06T05:46:40.250Z'), end: new Date('2025-12-06T05:48:40.250Z') };
    expect(countSince(window)).toEqual({ start: 1_765_000_000.25, seconds: 120 });
  });
});
