// The blast-radius queries (istio-telemetry.ts requestsThrough/errorsThrough: raw counters
// against their value at the rollout's start with PromQL's `@`) evaluated by the world's real
// Prometheus, scraping a loopback exporter of istio_requests_total every second. The exporter's
// counters are set by hand between scrapes, so every expected count is known exactly:
//   - a series that existed at the start counts what it gained since (17 - 10 = 7);
//   - a series born after the start counts in full, the requests before its first scrape
//     included (5), where increase() loses them;
//   - a series whose counter reset in the window falls back to increase() (Prometheus's answer,
//     extrapolated; at least the 6 the reset counter gained);
//   - the server sidecar's report (reporter="destination") and other Services are never counted.
import { jest } from '@jest/globals';
import { Counter, Registry } from 'prom-client';
import { createPrometheusClient } from '../../controller/adapters/prometheus/prometheus-client.js';
import { errorsThrough, requestsThrough } from '../../controller/adapters/istio/istio-telemetry.js';
import { startMetricsServer, type MetricsServer } from '../mesh/metrics-server.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { waitUntil } from '../world/wait-until.js';

jest.setTimeout(60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const namespace = 'exact-counts';
const internal = { namespace, service: 'podinfo-internal' };
const canary = { namespace, service: 'podinfo-canary' };

describe('exact request counts since the rollout start, on the real Prometheus', () => {
  let world: WorldHandle;
  let exporter: MetricsServer;
  const registry = new Registry();
  const requests = new Counter({
    name: 'istio_requests_total',
    help: 'istio_requests_total as Istio proxies report it (test exporter)',
    labelNames: ['reporter', 'destination_service_namespace', 'destination_service_name', 'response_code'],
    registers: [registry],
  });
  const series = (service: string, code: string, reporter = 'source') => ({ reporter, destination_service_namespace: namespace, destination_service_name: service, response_code: code });
  const before = series('podinfo-internal', '200');
  const reset = series('podinfo-internal', '503');
  const born = series('podinfo-internal', '500');
  const customers = series('podinfo-canary', '200');
  const atServer = series('podinfo-internal', '200', 'destination');

  beforeAll(async () => {
    world = await getSharedWorld();
    exporter = await startMetricsServer(registry);
  });
  afterAll(async () => {
    await world.setScrapeTargets([]);
    await exporter.close();
  });

  it('counts what each series gained since the start, new series in full, and a reset series by increase()', async () => {
    const prometheus = createPrometheusClient({ baseUrl: world.prometheusUrl, timeoutMs: 5_000 });
    const raw = async (labels: Record<string, string>, at?: Date) => {
      const matchers = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
      const answer = await prometheus.scalar(`sum(istio_requests_total{${matchers}})`, at);
      return answer.ok ? answer.value : Number.NaN;
    };
    const holds = async (what: string, expected: Array<[Record<string, string>, number]>) =>
      waitUntil(what, async () => {
        const seen = await Promise.all(expected.map(([labels]) => raw(labels)));
        return seen.every((v, i) => v === expected[i]![1]) ? { ok: true } : { ok: false, reason: JSON.stringify(seen) };
      }, 20_000, 250);

    // Before the rollout starts: 10 internal requests, 50 on a counter that will reset, 1000 at the server sidecar.
    requests.inc(before, 10);
    requests.inc(reset, 50);
    requests.inc(atServer, 1000);
    await world.setScrapeTargets([exporter.target]);
    await holds('the counters before the start', [[before, 10], [reset, 50], [atServer, 1000]]);
    const start = Date.now() / 1000;
    await sleep(1_500);

    // After it: 7 more, a new 500 series with 3 before its first scrape (then 5), 4 customers,
    // and the 503 counter restarts (its process did): 2, then 6.
    requests.inc(before, 7);
    requests.inc(born, 3);
    requests.inc(customers, 4);
    requests.remove(reset);
    requests.inc(reset, 2);
    requests.inc(atServer, 500);
    await holds('the first scrape after the start', [[born, 3], [reset, 2]]);
    requests.inc(born, 2);
    requests.inc(reset, 4);
    await holds('the last request scraped', [[before, 17], [born, 5], [reset, 6], [customers, 4], [atServer, 1500]]);

    const at = new Date();
    const since = { start, seconds: Math.ceil(at.getTime() / 1000 - start) };
    const ask = async (query: string) => {
      const answer = await prometheus.scalar(query, at);
      if (!answer.ok) throw new Error(`${query}: ${answer.error.message}`);
      return answer.value;
    };
    const selector = (labels: Record<string, string>) => `istio_requests_total{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
    const resetByIncrease = (await ask(`increase(${selector(reset)}[${since.seconds}s])`))!;
    const bornByIncrease = (await ask(`increase(${selector(born)}[${since.seconds}s])`))!;
    const counts = {
      internalRequests: await ask(requestsThrough(internal, since)),
      internalErrors: await ask(errorsThrough(internal, since)),
      customers: await ask(requestsThrough(canary, since)),
      customerErrors: await ask(errorsThrough(canary, since)),
      otherService: await ask(requestsThrough({ namespace, service: 'podinfo' }, since)),
    };
    console.log(`exact counts: ${JSON.stringify(counts)}; increase() of the reset series ${resetByIncrease}, of the series born after the start ${bornByIncrease}`);

    expect(resetByIncrease).toBeGreaterThanOrEqual(6);
    expect(bornByIncrease).toBeLessThan(5);
    expect(counts.internalRequests).toBeCloseTo(7 + 5 + resetByIncrease, 9);
    expect(counts.internalErrors).toBeCloseTo(5 + resetByIncrease, 9);
    expect({ customers: counts.customers, customerErrors: counts.customerErrors, otherService: counts.otherService }).toEqual({ customers: 4, customerErrors: undefined, otherService: undefined });
  });
});
