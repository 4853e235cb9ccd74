// The local Kubernetes world itself: a Deployment becomes Available (KWOK
// plays the kubelets), Istio's CRDs are served, Prometheus scrapes and
// answers, and stop() leaves no process behind.
import { AppsV1Api, ApiextensionsV1Api, CoordinationV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, type V1Deployment } from '@kubernetes/client-node';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getSharedWorld } from '../world/shared-world.js';
import { SHARED_WORLD_FILE_ENV } from '../world/shared-world-record.js';
import { waitUntil } from '../world/wait-until.js';
import { startWorld, type World } from '../world/world.js';
import { readWorldConfig } from '../world/world-config.js';

const START_TIMEOUT_MS = 900_000; // includes install.sh on a fresh checkout
const TEST_TIMEOUT_MS = 120_000;

function deployment(name: string): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image: 'registry.example/songbird-demo:1' }] },
      },
    },
  };
}

/** Processes whose command line mentions the world's directory. */
function processesOf(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (cmdline.includes(dir)) found.push(`${entry}: ${cmdline}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

interface PromQueryAnswer {
  status: string;
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

async function promQuery(prometheusUrl: string, query: string): Promise<PromQueryAnswer> {
  const response = await fetch(`${prometheusUrl}/api/v1/query?query=${encodeURIComponent(query)}`);
  return (await response.json()) as PromQueryAnswer;
}

/** Serves `body` at every path, with `contentType` as its Content-Type (none when null). */
async function startMetricsServer(body: string, contentType: string | null = 'text/plain'): Promise<{ target: string; close(): Promise<void> }> {
  const server = http.createServer((_request, response) => response.writeHead(200, contentType === null ? {} : { 'content-type': contentType }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { target: `127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('startWorld', () => {
  let world: World;
  let kubeConfig: KubeConfig;

  beforeAll(async () => {
    world = await startWorld({ nodes: 2 });
    kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(world.kubeconfigPath);
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    await world?.stop();
  }, TEST_TIMEOUT_MS);

  it('makes a Deployment Available when KWOK plays its pods', async () => {
    const apps = kubeConfig.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('world-check') });
    await waitUntil(
      'deployment world-check Available',
      async () => {
        const { status } = await apps.readNamespacedDeployment({ name: 'world-check', namespace: 'default' });
        const available = status?.conditions?.some((condition) => condition.type === 'Available' && condition.status === 'True');
        return available && status?.readyReplicas === 2 ? { ok: true } : { ok: false, reason: JSON.stringify(status) };
      },
      60_000,
    );
    const pods = await kubeConfig.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'default', labelSelector: 'app=world-check' });
    expect(pods.items.map((pod) => pod.status?.phase)).toEqual(['Running', 'Running']);
  }, TEST_TIMEOUT_MS);

  it('keeps nodes Ready when KWOK renews a Lease per node', async () => {
    const coordination = kubeConfig.makeApiClient(CoordinationV1Api);
    await waitUntil(
      'a Lease per node',
      async () => {
        const leases = await coordination.listNamespacedLease({ namespace: 'kube-node-lease' });
        const names = leases.items.map((lease) => lease.metadata?.name).sort();
        return names.join(',') === 'kwok-node-0,kwok-node-1' ? { ok: true } : { ok: false, reason: names.join(',') };
      },
      30_000,
    );
  }, TEST_TIMEOUT_MS);

  it('serves VirtualService and DestinationRule from Istio CRDs', async () => {
    const extensions = kubeConfig.makeApiClient(ApiextensionsV1Api);
    for (const name of ['virtualservices.networking.istio.io', 'destinationrules.networking.istio.io']) {
      const crd = await extensions.readCustomResourceDefinition({ name });
      expect(crd.status?.conditions?.find((condition) => condition.type === 'Established')?.status).toBe('True');
    }
    const custom = kubeConfig.makeApiClient(CustomObjectsApi);
    const created = await custom.createNamespacedCustomObject({
      group: 'networking.istio.io',
      version: 'v1',
      namespace: 'default',
      plural: 'virtualservices',
      body: {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'world-check' },
        spec: { hosts: ['world-check'], http: [{ route: [{ destination: { host: 'world-check' }, weight: 100 }] }] },
      },
    });
    expect((created as { metadata: { uid?: string } }).metadata.uid).toBeTruthy();
  }, TEST_TIMEOUT_MS);

  it('scrapes the targets it is given and answers queries, also after a restart', async () => {
    expect((await promQuery(world.prometheusUrl, 'vector(1)')).status).toBe('success');
    const metrics = await startMetricsServer('# TYPE songbird_world_check gauge\nsongbird_world_check 42\n');
    try {
      await world.setScrapeTargets([metrics.target]);
      const scraped = async (): Promise<{ ok: true } | { ok: false; reason: string }> => {
        const answer = await promQuery(world.prometheusUrl, 'songbird_world_check');
        return answer.data.result[0]?.value[1] === '42' ? { ok: true } : { ok: false, reason: JSON.stringify(answer) };
      };
      await waitUntil('songbird_world_check scraped', scraped, 30_000, 500);

      await world.stopPrometheus();
      await expect(fetch(`${world.prometheusUrl}/-/ready`)).rejects.toThrow();
      await world.startPrometheus();
      expect((await fetch(`${world.prometheusUrl}/-/ready`)).status).toBe(200);
      await waitUntil('songbird_world_check scraped after restart', scraped, 30_000, 500);
    } finally {
      await metrics.close();
    }
  }, TEST_TIMEOUT_MS);

  it('runs Prometheus 3 unless SONGBIRD_WORLD_PROMETHEUS=debian chooses Debian\'s 2.x', async () => {
    const read = readWorldConfig(process.env);
    const major = read.ok && read.config.prometheus === 'debian' ? '2' : '3';
    const answer = (await (await fetch(`${world.prometheusUrl}/api/v1/status/buildinfo`)).json()) as { status: string; data: { version: string } };
    expect(answer.status).toBe('success');
    expect(answer.data.version.split('.')[0]).toBe(major);
  }, TEST_TIMEOUT_MS);

  it('stores histogram le labels as the running Prometheus does (floats on 3.x, as exposed on 2.x)', async () => {
    const read = readWorldConfig(process.env);
    const debian = read.ok && read.config.prometheus === 'debian';
    const metrics = await startMetricsServer(
      [
        '# TYPE songbird_world_le histogram',
        'songbird_world_le_bucket{le="500"} 1',
        'songbird_world_le_bucket{le="1800000"} 2',
        'songbird_world_le_bucket{le="+Inf"} 2',
        'songbird_world_le_sum 900',
        'songbird_world_le_count 2',
        '',
      ].join('\n'),
    );
    try {
      await world.setScrapeTargets([metrics.target]);
      const les = async (): Promise<string[]> => {
        const answer = await promQuery(world.prometheusUrl, 'songbird_world_le_bucket');
        return answer.data.result.map((series) => series.metric.le ?? '').sort();
      };
      await waitUntil('songbird_world_le_bucket scraped', async () => ((await les()).length === 3 ? { ok: true } : { ok: false, reason: 'not yet' }), 30_000, 500);
      expect(await les()).toEqual(debian ? ['+Inf', '1800000', '500'] : ['+Inf', '1.8e+06', '500.0']);
    } finally {
      await world.setScrapeTargets([]);
      await metrics.close();
    }
  }, TEST_TIMEOUT_MS);

  it('fails the scrape of a target that sends no Content-Type on 3.x, as Prometheus 3 does (2.x assumes text)', async () => {
    const read = readWorldConfig(process.env);
    const debian = read.ok && read.config.prometheus === 'debian';
    const metrics = await startMetricsServer('songbird_world_untyped 1\n', null);
    try {
      await world.setScrapeTargets([metrics.target]);
      const scrape = async (): Promise<{ health?: string; lastError?: string }> => {
        const answer = (await (await fetch(`${world.prometheusUrl}/api/v1/targets?state=active`)).json()) as {
          data: { activeTargets: { labels: { instance: string }; health: string; lastError: string }[] };
        };
        return answer.data.activeTargets.find((target) => target.labels.instance === metrics.target) ?? {};
      };
      await waitUntil(
        'the target without a Content-Type scraped once',
        async () => ((await scrape()).health ?? 'unknown') !== 'unknown' ? { ok: true } : { ok: false, reason: 'not yet' },
        30_000,
        500,
      );
      const seen = await scrape();
      if (debian) expect(seen).toMatchObject({ health: 'up', lastError: '' });
      else expect(seen).toMatchObject({ health: 'down', lastError: expect.stringContaining('blank Content-Type') });
    } finally {
      await world.setScrapeTargets([]);
      await metrics.close();
    }
  }, TEST_TIMEOUT_MS);

  it('leaves no process behind when stopped', async () => {
    expect(processesOf(world.dir).length).toBeGreaterThanOrEqual(6);
    await world.stop();
    expect(processesOf(world.dir)).toEqual([]);
  }, TEST_TIMEOUT_MS);
});

// Runs when e2e/jest-global-setup.ts is the e2e project's globalSetup.
const describeShared = process.env[SHARED_WORLD_FILE_ENV] ? describe : describe.skip;
describeShared('getSharedWorld', () => {
  it('reaches the world of the global setup and steers its Prometheus', async () => {
    const shared = await getSharedWorld();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(shared.kubeconfigPath);
    const nodes = await kubeConfig.makeApiClient(CoreV1Api).listNode();
    expect(nodes.items.length).toBeGreaterThanOrEqual(1);
    const metrics = await startMetricsServer('songbird_shared_world_check 7\n');
    try {
      await shared.setScrapeTargets([metrics.target]);
      await shared.stopPrometheus();
      await shared.startPrometheus();
      await waitUntil(
        'songbird_shared_world_check scraped',
        async () => {
          const answer = await promQuery(shared.prometheusUrl, 'songbird_shared_world_check');
          return answer.data.result[0]?.value[1] === '7' ? { ok: true } : { ok: false, reason: JSON.stringify(answer) };
        },
        30_000,
        500,
      );
      await shared.setScrapeTargets([]);
    } finally {
      await metrics.close();
    }
  }, TEST_TIMEOUT_MS);
});
