// Issue 13, "make the split exact": internal users reach the canary's pods
// through a Service of their own, `<svc>-internal`, so Istio's request metrics
// tell them from customers (who reach the same pods through `<svc>-canary`).
// A rollout on the local world, watched through the world's real Prometheus
// scraping the mesh stand-in: the objects Songbird writes for the internal
// stage, the counts Prometheus holds under destination_service_name (the client
// proxy's report, reporter="source") against the mesh's own exact counts, the
// Istio telemetry's blast-radius queries (requestsThrough since the rollout's
// start) equal to them, and the server sidecar's report (reporter="destination")
// naming one Service for both, as real Istio does.
import { jest } from '@jest/globals';
import { createPrometheusClient } from '../../controller/adapters/prometheus/prometheus-client.js';
import { istioTelemetry } from '../../controller/adapters/istio/istio-telemetry.js';
import { scenarioPerTest } from '../scenario/scenario-per-test.js';
import { quickRollout } from '../scenario/rollout-spec.js';
import { INTERNAL_MATCH } from '../scenario/app-objects.js';

jest.setTimeout(300_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface StoredVirtualService {
  spec: { http?: Array<{ name?: string; route?: Array<{ destination: { host: string }; weight?: number }> }> };
}

describe('internal users through <svc>-internal on the local world', () => {
  const scenarios = scenarioPerTest();

  it('routes internal users through podinfo-internal, and Prometheus counts them there and customers apart, each canary request once', async () => {
    const namespace = 'internal-service';
    const s = await scenarios.start({
      namespace,
      version: { tag: '1.0.0' },
      canary: quickRollout({ stages: { internal: { match: INTERNAL_MATCH, minDuration: '30s', minRequests: 20 }, steps: [{ weight: 25 }, { weight: 50 }] } }),
      internalRps: 10,
      customerRps: 30,
    });
    const prometheus = createPrometheusClient({ baseUrl: scenarios.world().prometheusUrl, timeoutMs: 5_000 });
    const ask = async (query: string) => {
      const answer = await prometheus.scalar(query);
      if (!answer.ok) throw new Error(`${query}: ${answer.error.message}`);
      return answer.value;
    };
    /** Waits until Prometheus holds `expected` for the raw counter `query` (the mesh is paused, so it stops moving). */
    const settles = async (query: string, expected: number) => {
      let seen: number | undefined;
      for (const deadline = Date.now() + 15_000; Date.now() < deadline; await sleep(500)) {
        seen = await ask(query);
        if (seen === expected) return seen;
      }
      return seen;
    };
    const pause = async () => {
      s.mesh.setRates({ internalRps: 0, customerRps: 0 });
      await sleep(1_000);
    };
    const internalSeries = `istio_requests_total{reporter="source",destination_service_namespace="${namespace}",destination_service_name="podinfo-internal"}`;
    const canarySeries = `istio_requests_total{reporter="source",destination_service_namespace="${namespace}",destination_service_name="podinfo-canary"}`;
    const internal = { namespace, service: 'podinfo-internal' };
    const canary = { namespace, service: 'podinfo-canary' };
    /** The rollout so far, as the analysis counts it: since status.rolloutStartedAt, up to now. */
    const sinceRolloutStart = (rolloutStartedAt: string | undefined) => {
      const start = Date.parse(rolloutStartedAt ?? '') / 1000;
      return { start, seconds: Math.max(1, Math.ceil(Date.now() / 1000 - start)) };
    };

    // Initialized: the fourth Service is there, over the canary's pods, owned like <svc>-canary; its DestinationRule too.
    const internalService = await s.service('podinfo-internal');
    const canaryService = await s.service('podinfo-canary');
    expect(internalService?.spec?.selector).toEqual(canaryService?.spec?.selector);
    expect(internalService?.metadata?.ownerReferences).toEqual([expect.objectContaining({ kind: 'Canary', name: 'podinfo', controller: true })]);
    const rule = (await s.kube.custom.getNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', namespace, plural: 'destinationrules', name: 'podinfo-internal' })) as { spec: { host: string } };
    expect(rule.spec.host).toBe('podinfo-internal');

    await s.ship({ tag: '2.0.0' });
    const inInternal = await s.waitFor('the internal stage', (st) => st.phase === 'Progressing' && st.stageName === 'internal', 60_000);
    const vs = (await s.virtualServiceNamed('podinfo')) as unknown as StoredVirtualService;
    expect(vs.spec.http?.find((r) => r.name === 'songbird-internal')?.route?.map((d) => d.destination.host)).toEqual(['podinfo-internal']);
    await sleep(6_000);

    // Internal stage, traffic paused: Prometheus holds exactly what the mesh routed through podinfo-internal; no customer reached the canary.
    await pause();
    const duringInternal = s.mesh.counts();
    const internalRequests = duringInternal.services['podinfo-internal']?.internal.requests ?? 0;
    expect(internalRequests).toBeGreaterThan(20);
    expect(duringInternal.services['podinfo-internal']?.customer.requests ?? 0).toBe(0);
    expect(await settles(`sum(${internalSeries})`, internalRequests)).toBe(internalRequests);
    expect(await ask(`sum(${canarySeries})`)).toBeUndefined();
    // Prometheus has scraped the last request: the analysis's queries give the mesh's counts exactly.
    const internalSince = sinceRolloutStart(inInternal.rolloutStartedAt);
    expect(await ask(istioTelemetry.requestsThrough(internal, internalSince))).toBe(internalRequests);
    expect(await ask(istioTelemetry.requestsThrough(canary, internalSince))).toBeUndefined();
    expect(await ask(istioTelemetry.errorsThrough(internal, internalSince))).toBeUndefined();

    // The weights: customers reach the canary's pods through podinfo-canary, internal users still through podinfo-internal.
    s.mesh.setRates({ internalRps: 10, customerRps: 30 });
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 180_000);
    expect(done.phase).toBe('Succeeded');
    await pause();
    const after = s.mesh.counts();
    const customersToCanary = after.services['podinfo-canary']?.customer.requests ?? 0;
    const internalToCanary = after.services['podinfo-internal']?.internal.requests ?? 0;
    const canaryPods = after.workloads['podinfo'];
    expect(customersToCanary).toBeGreaterThan(0);
    expect(after.services['podinfo-canary']?.internal.requests ?? 0).toBe(0);
    expect((canaryPods?.internal.requests ?? 0) + (canaryPods?.customer.requests ?? 0)).toBe(customersToCanary + internalToCanary);
    expect(await settles(`sum(${internalSeries})`, internalToCanary)).toBe(internalToCanary);
    expect(await settles(`sum(${canarySeries})`, customersToCanary)).toBe(customersToCanary);
    const rolloutSince = sinceRolloutStart(inInternal.rolloutStartedAt);
    expect(await ask(istioTelemetry.requestsThrough(internal, rolloutSince))).toBe(internalToCanary);
    expect(await ask(istioTelemetry.requestsThrough(canary, rolloutSince))).toBe(customersToCanary);
    // The server sidecar (reporter="destination") names the older of the two Services for every canary request.
    const byServerService = await prometheus.vector(
      `sum by (destination_service_name) (istio_requests_total{reporter="destination",destination_workload_namespace="${namespace}",destination_workload="podinfo"})`,
    );
    const oldest = [canaryService, internalService]
      .map((svc) => ({ name: svc!.metadata!.name!, created: new Date(svc!.metadata!.creationTimestamp!).getTime() }))
      .sort((a, b) => a.created - b.created || a.name.localeCompare(b.name))[0]!.name;
    expect(byServerService.ok && byServerService.value.map((v) => [v.labels['destination_service_name'], v.value])).toEqual([[oldest, customersToCanary + internalToCanary]]);
  });
});
