import { durationBucketsIn, errorsThrough, exactIncrease, istioTelemetry, requestsThrough, successfulIn } from './istio-telemetry.js';

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
    expect(istioTelemetry).toMatchObject({ requestsThrough, errorsThrough });
  });
});

// The queries' meaning is proven against the world's real Prometheus
// (e2e/tests/exact-request-counts.e2e.test.ts): the loopback fake evaluates only increase().
describe('istio telemetry: requests through a Service since a moment', () => {
  const since = { start: 1_765_000_000.25, seconds: 95 };
  const internal = { namespace: 'shop', service: 'podinfo-internal' };

  it('reads the client proxy\'s report (reporter="source"), the only one naming the Service the route led through', () => {
    expect(requestsThrough(internal, since)).toContain(
      'istio_requests_total{reporter="source",destination_service_namespace="shop",destination_service_name="podinfo-internal"}',
    );
    expect(requestsThrough(internal, since)).not.toContain('reporter="destination"');
  });

  it('counts against the value at the start with @, series born later in full, and falls back to increase() for a series that reset', () => {
    const x = 'istio_requests_total{reporter="source",destination_service_namespace="shop",destination_service_name="podinfo-internal"}';
    expect(requestsThrough(internal, since)).toBe(
      `sum((increase(${x}[95s]) and resets(${x}[95s]) > 0) or (last_over_time(${x}[95s]) - ${x} @ 1765000000.25) or last_over_time(${x}[95s]))`,
    );
  });

  it('selects the 5xx only for errors', () => {
    expect(errorsThrough(internal, since)).toContain('destination_service_name="podinfo-internal",response_code=~"5.."}[95s]');
    expect(errorsThrough(internal, since)).toContain('response_code=~"5.."} @ 1765000000.25');
  });

  it('writes the start with at most millisecond precision', () => {
    expect(exactIncrease('x', { start: 1_765_000_000.123456, seconds: 1 })).toContain('x @ 1765000000.123)');
  });

  it('escapes quotes and backslashes in the names it selects', () => {
    expect(requestsThrough({ namespace: 'sh"op', service: 'a\\b' }, since)).toContain('destination_service_namespace="sh\\"op",destination_service_name="a\\\\b"');
  });
});
