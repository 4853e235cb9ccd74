import { createPrometheusClient } from '../prometheus/prometheus-client.js';
import { startLoopbackPrometheus, type LoopbackPrometheus, type StoredSeries } from '../prometheus/loopback-prometheus.js';
import { durationBucketsIn, errorsExcept, errorsThrough, istioTelemetry, requestsExcept, requestsThrough, successfulIn } from './istio-telemetry.js';

describe('istio telemetry', () => {
  it('selects the destination workload in its namespace', () => {
    expect(successfulIn({ namespace: 'shop', workload: 'podinfo' }, 30)).toContain(
      'reporter="destination",destination_workload_namespace="shop",destination_workload="podinfo",response_code!~"5.."}[30s]',
    );
  });

  it('selects no le value when it reads the duration buckets, so either spelling of a bound is read', () => {
    expect(durationBucketsIn({ namespace: 'shop', workload: 'podinfo' }, 30)).not.toMatch(/le=/);
  });

  it('offers the blast-radius queries through the router port', () => {
    expect(istioTelemetry).toMatchObject({ requestsThrough, errorsThrough, requestsExcept, errorsExcept });
  });
});

// The canary's pods (workload podinfo) answer through two Services: podinfo-internal (internal
// users) and podinfo-canary (customers). The queries run through the real client against a
// loopback Prometheus holding Istio's series, as the analysis asks them.
describe('istio telemetry: requests through a Service and the rest', () => {
  const series = (service: string, code: string, increase: number, namespace = 'shop', workload = 'podinfo'): StoredSeries => ({
    labels: {
      __name__: 'istio_requests_total',
      reporter: 'destination',
      destination_workload_namespace: namespace,
      destination_workload: workload,
      destination_service_namespace: namespace,
      destination_service_name: service,
      response_code: code,
    },
    increase,
  });
  const canary = { namespace: 'shop', workload: 'podinfo' };
  const internal = { namespace: 'shop', service: 'podinfo-internal' };
  let prometheus: LoopbackPrometheus;
  const ask = (query: string) => createPrometheusClient({ baseUrl: prometheus.url, timeoutMs: 2_000 }).scalar(query);

  afterEach(() => prometheus.close());

  it('counts internal and customer requests apart, each canary request exactly once', async () => {
    prometheus = await startLoopbackPrometheus([
      series('podinfo-internal', '200', 183),
      series('podinfo-internal', '503', 31),
      series('podinfo-canary', '200', 40),
      series('podinfo-canary', '500', 2),
      // Another namespace's Service and workload of the same names: never counted.
      series('podinfo-internal', '200', 1000, 'other'),
      // The primary's pods behind podinfo-primary: not the canary's.
      series('podinfo-primary', '200', 5000, 'shop', 'podinfo-primary'),
    ]);
    const counts = {
      internalRequests: await ask(requestsThrough(internal, 60)),
      internalErrors: await ask(errorsThrough(internal, 60)),
      customerRequests: await ask(requestsExcept(canary, 'podinfo-internal', 60)),
      customerErrors: await ask(errorsExcept(canary, 'podinfo-internal', 60)),
      allCanary: await ask(istioTelemetry.requestsIn(canary, 60)),
    };
    expect(counts).toEqual({
      internalRequests: { ok: true, value: 214 },
      internalErrors: { ok: true, value: 31 },
      customerRequests: { ok: true, value: 42 },
      customerErrors: { ok: true, value: 2 },
      allCanary: { ok: true, value: 256 },
    });
  });

  it('answers empty (not 0) for customers when every canary request came through the internal Service', async () => {
    prometheus = await startLoopbackPrometheus([series('podinfo-internal', '200', 214), series('podinfo-internal', '500', 31)]);
    expect(await ask(requestsExcept(canary, 'podinfo-internal', 60))).toEqual({ ok: true, value: undefined });
    expect(await ask(errorsExcept(canary, 'podinfo-internal', 60))).toEqual({ ok: true, value: undefined });
    expect(await ask(requestsThrough(internal, 60))).toEqual({ ok: true, value: 245 });
  });

  it('escapes quotes and backslashes in the names it selects', () => {
    expect(requestsThrough({ namespace: 'sh"op', service: 'a\\b' }, 30)).toContain('destination_service_namespace="sh\\"op",destination_service_name="a\\\\b"');
    expect(errorsExcept(canary, 'x"y', 30)).toContain('destination_service_name!="x\\"y",response_code=~"5.."}[30s]');
  });
});
