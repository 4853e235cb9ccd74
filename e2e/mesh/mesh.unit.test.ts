import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import axios from 'axios';
import { demoDeployment, demoService, demoVirtualService } from './demo-objects.js';
import { inMemoryClusterView, type InMemoryClusterView } from './in-memory-cluster-view.js';
import { ISTIO_DURATION_BUCKETS_MS } from './istio-metrics.js';
import { startMeshOnView, type Mesh } from './mesh.js';
import { startSentryIngestRecorder, type SentryIngestRecorder } from './sentry-ingest-recorder.js';

const ns = 'demo';
const createdAt = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute));

interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** Samples of `name` in a Prometheus text exposition whose labels include all of `labels`. */
function samples(exposition: string, name: string, labels: Record<string, string> = {}): Sample[] {
  return exposition
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`))
    .map((line) => {
      const body = line.slice(name.length + 1, line.lastIndexOf('}'));
      const found = Object.fromEntries([...body.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
      return { labels: found, value: Number(line.slice(line.lastIndexOf(' ') + 1)) };
    })
    .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v));
}

function sample(exposition: string, name: string, labels: Record<string, string>): number | undefined {
  return samples(exposition, name, labels)[0]?.value;
}

async function scrape(mesh: Mesh): Promise<string> {
  const response = await axios.get<string>(mesh.metricsUrl, { responseType: 'text', timeout: 5_000 });
  return response.data;
}

describe('mesh', () => {
  let sentry: SentryIngestRecorder;
  let view: InMemoryClusterView;
  let mesh: Mesh;

  beforeAll(async () => {
    sentry = await startSentryIngestRecorder();
    view = inMemoryClusterView(ns, {
      // Created in the order Songbird's users and Songbird create them: the user's Service first, then
      // podinfo-primary, podinfo-canary and podinfo-internal.
      services: [
        demoService('podinfo', ns, { app: 'podinfo-primary' }, createdAt(0)),
        demoService('podinfo-primary', ns, { app: 'podinfo-primary' }, createdAt(1)),
        demoService('podinfo-canary', ns, { app: 'podinfo' }, createdAt(2)),
        demoService('podinfo-internal', ns, { app: 'podinfo' }, createdAt(3)),
      ],
      deployments: [
        demoDeployment({
          name: 'podinfo-primary', namespace: ns, labels: { app: 'podinfo-primary', version: 'v1' }, readyReplicas: 2,
          image: 'ghcr.io/stefanprodan/podinfo:6.0.0', env: { DEMO_LATENCY_MS: '30', SENTRY_DSN: sentry.dsn('1'), SENTRY_ENVIRONMENT: 'e2e' },
        }),
        demoDeployment({
          name: 'podinfo', namespace: ns, labels: { app: 'podinfo', version: 'v2' }, readyReplicas: 1, image: 'ghcr.io/stefanprodan/podinfo:6.1.0',
          env: { DEMO_ERROR_RATE: '1', DEMO_LATENCY_MS: '300', DEMO_INTERNAL_EXCEPTION_RATE: '1', SENTRY_DSN: sentry.dsn('1'), SENTRY_RELEASE: 'podinfo@6.1.0', SENTRY_ENVIRONMENT: 'e2e' },
        }),
      ],
      virtualServices: [
        demoVirtualService('podinfo', ns, {
          hosts: ['podinfo'],
          http: [
            { name: 'songbird-internal', match: [{ headers: { 'x-songbird-user': { exact: 'internal' } } }], route: [{ destination: { host: 'podinfo-internal', port: { number: 9898 } }, weight: 100 }] },
            { name: 'songbird-default', route: [{ destination: { host: 'podinfo-primary', port: { number: 9898 } }, weight: 100 }, { destination: { host: 'podinfo-canary', port: { number: 9898 } }, weight: 0 }] },
          ],
        }),
      ],
    });
    mesh = await startMeshOnView(view, { namespace: ns, host: 'podinfo', internalRps: 0, customerRps: 0, seed: 9, maxDurationMs: 30_000 });
  });

  afterAll(async () => {
    await mesh.stop();
    await sentry.close();
  });

  it('listens on 127.0.0.1 when started on port 0', () => {
    expect(mesh.metricsTarget).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(mesh.metricsUrl).toBe(`http://${mesh.metricsTarget}/metrics`);
  });

  it('counts internal requests against the canary and customers against the primary when the internal route matches', () => {
    mesh.resetCounts();
    for (let i = 0; i < 5; i += 1) mesh.send('internal');
    for (let i = 0; i < 7; i += 1) mesh.send('customer');
    const counts = mesh.counts();
    expect(counts.workloads).toEqual({
      podinfo: { internal: { requests: 5, errors: 5, exceptions: 0 }, customer: { requests: 0, errors: 0, exceptions: 0 } },
      'podinfo-primary': { internal: { requests: 0, errors: 0, exceptions: 0 }, customer: { requests: 7, errors: 0, exceptions: 0 } },
    });
    expect(counts.total.internal.requests + counts.total.customer.requests).toBe(12);
  });

  it('exports istio_requests_total per workload and response code from the client proxy, under the Service the route led through, when requests were served', async () => {
    const text = await scrape(mesh);
    const common = { reporter: 'source', destination_workload_namespace: ns, destination_service_namespace: ns, source_workload: 'unknown', request_protocol: 'http' };
    expect(sample(text, 'istio_requests_total', { ...common, destination_workload: 'podinfo', destination_service_name: 'podinfo-internal', destination_version: 'v2', response_code: '500' })).toBe(5);
    expect(sample(text, 'istio_requests_total', { ...common, destination_workload: 'podinfo-primary', destination_service_name: 'podinfo-primary', destination_version: 'v1', response_code: '200' })).toBe(7);
  });

  it('reports each served request a second time from the server sidecar, under the oldest Service selecting the pod on that port', async () => {
    const text = await scrape(mesh);
    const atServer = (workload: string) => samples(text, 'istio_requests_total', { reporter: 'destination', destination_workload: workload });
    const named = (list: Sample[]) => list.map((s) => `${s.labels['destination_service_name']}:${s.labels['response_code']}:${s.value}`);
    // podinfo-internal (newer) and podinfo-canary both select the canary's pods: the server names podinfo-canary.
    expect(named(atServer('podinfo'))).toEqual(['podinfo-canary:500:5']);
    // The user's Service podinfo (oldest) selects the primary's pods too.
    expect(named(atServer('podinfo-primary'))).toEqual(['podinfo:200:7']);
    expect(atServer('podinfo')[0]?.labels).toMatchObject({ destination_service: 'podinfo-canary.demo.svc.cluster.local', destination_version: 'v2', connection_security_policy: 'none' });
  });

  it('exports istio_request_duration_milliseconds with Istio default buckets when requests were served', async () => {
    const text = await scrape(mesh);
    const buckets = samples(text, 'istio_request_duration_milliseconds_bucket', { reporter: 'destination', destination_workload: 'podinfo-primary' }).map((s) => s.labels['le']);
    expect(buckets).toEqual([...ISTIO_DURATION_BUCKETS_MS.map(String), '+Inf']);
    expect(sample(text, 'istio_request_duration_milliseconds_count', { reporter: 'destination', destination_workload: 'podinfo-primary', response_code: '200' })).toBe(7);
    expect(sample(text, 'istio_request_duration_milliseconds_count', { reporter: 'source', destination_workload: 'podinfo-primary', response_code: '200' })).toBe(7);
    const slowShare = sample(text, 'istio_request_duration_milliseconds_bucket', { reporter: 'destination', destination_workload: 'podinfo', le: '100' });
    expect(slowShare).toBe(0);
  });

  it('records 503 against the Service when its workload has no ready replicas', async () => {
    view.replace({ deployments: view.deployments().map((d) => (d.metadata?.name === 'podinfo' ? { ...d, status: { readyReplicas: 0 } } : d)) });
    mesh.resetCounts();
    const served = mesh.send('internal');
    expect(served).toMatchObject({ kind: 'unavailable', status: 503, service: { name: 'podinfo-internal' } });
    expect(mesh.counts().services['podinfo-internal']?.internal).toEqual({ requests: 1, errors: 1, exceptions: 0 });
    const text = await scrape(mesh);
    expect(sample(text, 'istio_requests_total', { reporter: 'source', destination_service_name: 'podinfo-internal', destination_workload: 'unknown', response_code: '503' })).toBe(1);
    // No server sidecar saw it: reported by the client proxy only.
    expect(samples(text, 'istio_requests_total', { response_code: '503' }).map((s) => s.labels['reporter'])).toEqual(['source']);
  });

  it('reports 5xx and the new exception to Sentry with each version’s release when versions have a DSN', async () => {
    view.replace({
      deployments: view.deployments().map((d) => {
        if (d.metadata?.name !== 'podinfo') return d;
        const container = d.spec!.template.spec!.containers[0]!;
        const env = container.env!.map((e) => (e.name === 'DEMO_ERROR_RATE' ? { name: e.name, value: '0' } : e));
        return { ...d, spec: { ...d.spec!, template: { ...d.spec!.template, spec: { containers: [{ ...container, env }] } } }, status: { readyReplicas: 1 } };
      }),
    });
    mesh.resetCounts();
    for (let i = 0; i < 3; i += 1) mesh.send('internal');
    await mesh.flushSentry(5_000);
    expect(mesh.counts().workloads['podinfo']?.internal).toEqual({ requests: 3, errors: 0, exceptions: 3 });
    const events = sentry.events().map(({ event }) => {
      const exception = (event['exception'] as { values: { type: string; stacktrace: { frames: { function?: string; in_app?: boolean }[] } }[] }).values[0]!;
      const topInApp = exception.stacktrace.frames.filter((f) => f.in_app).at(-1)?.function;
      return { type: exception.type, release: event['release'], environment: event['environment'], topInApp, tags: event['tags'] };
    });
    const newErrors = events.filter((e) => e.type === 'NewCheckoutError');
    const serverErrors = events.filter((e) => e.type === 'DemoServerError');
    expect(newErrors).toHaveLength(3);
    expect(newErrors[0]).toMatchObject({ release: 'podinfo@6.1.0', environment: 'e2e', topInApp: 'checkoutWithNewFlow', tags: { workload: 'podinfo', user_kind: 'internal' } });
    expect(serverErrors).toHaveLength(5);
    expect(serverErrors[0]).toMatchObject({ release: 'podinfo@6.1.0', topInApp: 'handleRequestWithServerError' });
  });

  it('sends release-health session aggregates per release when Sentry is flushed', () => {
    const totals: Record<string, { exited: number; errored: number; crashed: number }> = {};
    for (const { sessions } of sentry.sessionAggregates()) {
      const release = String((sessions['attrs'] as { release: string }).release);
      const sum = (totals[release] ??= { exited: 0, errored: 0, crashed: 0 });
      for (const bucket of sessions['aggregates'] as { exited?: number; errored?: number; crashed?: number }[]) {
        sum.exited += bucket.exited ?? 0;
        sum.errored += bucket.errored ?? 0;
        sum.crashed += bucket.crashed ?? 0;
      }
    }
    expect(totals).toEqual({
      'podinfo@6.1.0': { exited: 0, errored: 3, crashed: 5 },
      '6.0.0': { exited: 7, errored: 0, crashed: 0 },
    });
  });

  it('labels each canary request with the Service it was routed through: <svc>-internal for internal users, <svc>-canary for customers', async () => {
    const split = inMemoryClusterView(ns, {
      services: view.services(),
      deployments: view.deployments().map((d) => ({ ...d, status: { readyReplicas: 1 } })),
      virtualServices: [
        demoVirtualService('podinfo', ns, {
          hosts: ['podinfo'],
          http: [
            { name: 'songbird-internal', match: [{ headers: { 'x-songbird-user': { exact: 'internal' } } }], route: [{ destination: { host: 'podinfo-internal', port: { number: 9898 } }, weight: 100 }] },
            { name: 'songbird-default', route: [{ destination: { host: 'podinfo-primary', port: { number: 9898 } }, weight: 0 }, { destination: { host: 'podinfo-canary', port: { number: 9898 } }, weight: 100 }] },
          ],
        }),
      ],
    });
    const local = await startMeshOnView(split, { namespace: ns, host: 'podinfo', internalRps: 0, customerRps: 0, seed: 5, maxDurationMs: 10_000 });
    try {
      for (let i = 0; i < 4; i += 1) local.send('internal');
      for (let i = 0; i < 6; i += 1) local.send('customer');
      const counts = local.counts();
      expect(counts.services['podinfo-internal']).toMatchObject({ internal: { requests: 4 }, customer: { requests: 0 } });
      expect(counts.services['podinfo-canary']).toMatchObject({ internal: { requests: 0 }, customer: { requests: 6 } });
      const text = await scrape(local);
      const through = (reporter: string, service: string) =>
        samples(text, 'istio_requests_total', { reporter, destination_workload: 'podinfo', destination_service_name: service }).reduce((sum, s) => sum + s.value, 0);
      expect({ internal: through('source', 'podinfo-internal'), customers: through('source', 'podinfo-canary') }).toEqual({ internal: 4, customers: 6 });
      // The server sidecar cannot tell them apart: all ten under the older podinfo-canary.
      expect({ internal: through('destination', 'podinfo-internal'), customers: through('destination', 'podinfo-canary') }).toEqual({ internal: 0, customers: 10 });
    } finally {
      await local.stop();
    }
  });

  it('generates Poisson traffic at the set rates until maxRequests when rates are raised', async () => {
    const local = await startMeshOnView(view, { namespace: ns, host: 'podinfo', internalRps: 0, customerRps: 0, seed: 3, maxRequests: 40, maxDurationMs: 10_000, tickMs: 10 });
    try {
      local.setRates({ internalRps: 100, customerRps: 300 });
      await local.trafficDone;
      const counts = local.counts();
      expect(counts.total.internal.requests + counts.total.customer.requests).toBe(40);
      expect(counts.total.customer.requests).toBeGreaterThan(counts.total.internal.requests);
      const primary = samples(await scrape(local), 'istio_requests_total', { destination_workload: 'podinfo-primary' });
      expect(primary.map((s) => [s.labels['reporter'], s.value])).toEqual([['source', counts.total.customer.requests], ['destination', counts.total.customer.requests]]);
    } finally {
      await local.stop();
    }
  });
});
