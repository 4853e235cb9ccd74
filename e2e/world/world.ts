// The local Kubernetes world for Songbird's end-to-end tests: etcd, the three
// control plane binaries, KWOK for nodes and pods, Prometheus, and Istio's
// CRDs, all on free loopback ports, all in one directory, all stopped by
// stop() (or by the safety nets in supervisor.ts).
import { ApiextensionsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { mkdir, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeCredentials } from './credentials.js';
import { ensureInstalled } from './ensure-installed.js';
import { startEtcd } from './etcd.js';
import { freePorts } from './free-port.js';
import { installCrds, readCrds } from './istio-crds.js';
import { SERVICE_CLUSTER_IP_RANGE, startApiServer } from './kube-apiserver.js';
import { startControllerManager, startScheduler } from './kube-components.js';
import { writeKubeconfig } from './kubeconfig.js';
import { createKwokNodes, nodesReadyProbe, startKwok } from './kwok.js';
import { createPrometheus } from './prometheus.js';
import { createSupervisor, type Supervisor } from './supervisor.js';
import { waitUntil, type Probe } from './wait-until.js';
import { binaryPath, worldPaths, type WorldPaths } from './world-paths.js';

export interface World {
  /** The world's directory: logs/, pki/, etcd/, prometheus/, *.kubeconfig. */
  dir: string;
  /** Admin kubeconfig (system:masters); works with kubectl and @kubernetes/client-node. */
  kubeconfigPath: string;
  apiServerUrl: string;
  /** http://127.0.0.1:<port> */
  prometheusUrl: string;
  /** host:port list scraped at /metrics every 1s; resolves once Prometheus lists them as active. */
  setScrapeTargets(targets: string[]): Promise<void>;
  stopPrometheus(): Promise<void>;
  /** Starts Prometheus again on the same port and data. */
  startPrometheus(): Promise<void>;
  /** Stops every process the world started. */
  stop(): Promise<void>;
}

export interface WorldOptions {
  /** Directory for the world's files; a fresh temp dir when absent. */
  dir?: string;
  /** Number of KWOK nodes (default 2). */
  nodes?: number;
  /** Progress lines; silent when absent. */
  log?: (line: string) => void;
}

const READY_TIMEOUT_MS = 120_000;

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const log = options.log ?? (() => undefined);
  const paths = worldPaths();
  await ensureInstalled(paths, log);
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'songbird-world-')));
  await mkdir(path.join(dir, 'logs'), { recursive: true });
  await mkdir(path.join(dir, 'pki'), { recursive: true });
  const supervisor = createSupervisor();
  try {
    return await bringUp({ paths, dir, nodes: options.nodes ?? 2, supervisor, log });
  } catch (error) {
    await supervisor.stopAll(2_000);
    throw new Error(`the world did not start; logs are in ${path.join(dir, 'logs')}`, { cause: error });
  }
}

interface BringUpInput {
  readonly paths: WorldPaths;
  readonly dir: string;
  readonly nodes: number;
  readonly supervisor: Supervisor;
  readonly log: (line: string) => void;
}

async function bringUp({ paths, dir, nodes, supervisor, log }: BringUpInput): Promise<World> {
  const startedAt = Date.now();
  const [etcdClient, etcdPeer, apiServerPort, controllerManagerPort, schedulerPort, prometheusPort] = await freePorts(6);
  const credentials = await writeCredentials(path.join(dir, 'pki'));

  const etcd = await startEtcd(supervisor, { binary: binaryPath(paths, 'etcd'), dir, clientPort: etcdClient!, peerPort: etcdPeer! });
  log(`world: etcd up at ${etcd.url}`);
  const apiServer = await startApiServer(supervisor, {
    binary: binaryPath(paths, 'kube-apiserver'),
    dir,
    port: apiServerPort!,
    etcdUrl: etcd.url,
    credentials,
  });
  log(`world: kube-apiserver ready at ${apiServer.url} (${Date.now() - startedAt}ms)`);

  const kubeconfigFor = (name: string, user: typeof credentials.admin): Promise<string> =>
    writeKubeconfig(path.join(dir, `${name}.kubeconfig`), { server: apiServer.url, caPem: apiServer.caPem, user });
  const kubeconfigPath = await kubeconfigFor('admin', credentials.admin);
  startControllerManager(supervisor, {
    binary: binaryPath(paths, 'kube-controller-manager'),
    dir,
    port: controllerManagerPort!,
    kubeconfig: await kubeconfigFor('kube-controller-manager', credentials.controllerManager),
    rootCaFile: apiServer.caFile,
    serviceAccountKeyFile: credentials.serviceAccountKeyFile,
    serviceClusterIpRange: SERVICE_CLUSTER_IP_RANGE,
  });
  startScheduler(supervisor, {
    binary: binaryPath(paths, 'kube-scheduler'),
    dir,
    port: schedulerPort!,
    kubeconfig: await kubeconfigFor('kube-scheduler', credentials.scheduler),
  });
  startKwok(supervisor, { binary: binaryPath(paths, 'kwok'), dir, kubeconfig: kubeconfigPath, stagesFile: paths.kwokStages });
  const prometheus = await createPrometheus(supervisor, { binary: paths.prometheusBinary, dir, port: prometheusPort! });

  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const nodeNames = await createKwokNodes(core, nodes);
  await Promise.all([
    waitUntil(`nodes ${nodeNames.join(', ')} Ready`, failFast(supervisor, nodesReadyProbe(core, nodeNames)), READY_TIMEOUT_MS).then(() => log(`world: nodes ${nodeNames.join(', ')} Ready`)),
    waitUntil('ServiceAccount default/default', failFast(supervisor, defaultServiceAccountProbe(core)), READY_TIMEOUT_MS),
    prometheus.start().then(() => log(`world: prometheus ready at ${prometheus.url}`)),
    readCrds(paths.istioCrds)
      .then((crds) => installCrds(kubeConfig.makeApiClient(ApiextensionsV1Api), crds, READY_TIMEOUT_MS))
      .then((names) => log(`world: ${names.length} Istio CRDs Established`)),
  ]);
  log(`world: ready in ${Date.now() - startedAt}ms; KUBECONFIG=${kubeconfigPath}`);

  return {
    dir,
    kubeconfigPath,
    apiServerUrl: apiServer.url,
    prometheusUrl: prometheus.url,
    setScrapeTargets: (targets) => prometheus.setScrapeTargets(targets),
    stopPrometheus: () => prometheus.stop(),
    startPrometheus: () => prometheus.start(),
    stop: () => supervisor.stopAll(),
  };
}

function defaultServiceAccountProbe(core: CoreV1Api): Probe {
  return async () => {
    await core.readNamespacedServiceAccount({ name: 'default', namespace: 'default' });
    return { ok: true };
  };
}

/** Stops waiting as soon as any process of the world has died. */
function failFast(supervisor: Supervisor, probe: Probe): Probe {
  return async () => {
    const dead = supervisor.running().find((child) => !child.isRunning());
    if (dead) return { ok: false, fatal: true, reason: `${dead.name} exited (${await dead.exited}); see its log in logs/` };
    return await probe();
  };
}
