// The local Kubernetes world for Songbird's end-to-end tests: etcd, the three
// control plane binaries, KWOK for nodes and pods, Prometheus, and Istio's
// CRDs, all on free loopback ports, all in one directory, all stopped by
// stop() (or by the safety nets in supervisor.ts).
import { AdmissionregistrationV1Api, ApiextensionsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeAuditPolicy, type AuditFiles, type AuditOptions } from './audit-log.js';
import { startControlPlane } from './control-plane.js';
import { ensureInstalled } from './ensure-installed.js';
import { freePorts } from './free-port.js';
import { installGatewayApi } from './gateway-api-crds.js';
import { installCrds, readCrds } from './istio-crds.js';
import { registerIstioValidation, startIstioValidation, type IstioValidation } from './istio-validation.js';
import { createKwokNodes, nodesReadyProbe } from './kwok.js';
import { createPrometheus } from './prometheus.js';
import { createSupervisor, type Supervisor } from './supervisor.js';
import { waitUntil, type Probe } from './wait-until.js';
import { readWorldConfig, type WorldConfig } from './world-config.js';
import { prometheusBinary, worldPaths, type WorldPaths } from './world-paths.js';

export interface World {
  /** The world's directory: logs/, pki/, etcd/, prometheus/, *.kubeconfig. */
  dir: string;
  /** Admin kubeconfig (system:masters); works with kubectl and @kubernetes/client-node. */
  kubeconfigPath: string;
  apiServerUrl: string;
  /** http://127.0.0.1:<port> */
  prometheusUrl: string;
  /** logs/audit.log when the world was started with `audit`; JSON lines of audit.k8s.io/v1 Events. */
  auditLogPath?: string;
  /** host:port list scraped at /metrics every 1s; resolves once Prometheus lists them as active. */
  setScrapeTargets(targets: string[]): Promise<void>;
  stopPrometheus(): Promise<void>;
  /** Starts Prometheus again on the same port and data. */
  startPrometheus(): Promise<void>;
  /** Stops every process the world started. */
  stop(): Promise<void>;
}

export interface WorldOptions {
  /**
   * Directory for the world's files; when absent, a fresh temp dir whose
   * bulky data (etcd, Prometheus TSDB, ~60 MB) stop() deletes, keeping logs.
   */
  dir?: string;
  /** Number of KWOK nodes (default 2). */
  nodes?: number;
  /** Progress lines; silent when absent. */
  log?: (line: string) => void;
  /** Which Prometheus to run; read from process.env (world-config.ts) when absent. */
  config?: WorldConfig;
  /** Opt-in kube-apiserver audit log at the Metadata level (audit-log.ts), for benches; off in the e2e tests. */
  audit?: AuditOptions;
}

const READY_TIMEOUT_MS = 120_000;

export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const log = options.log ?? (() => undefined);
  const paths = worldPaths();
  const config = options.config ?? configFromEnv();
  await ensureInstalled(paths, config);
  const dir = options.dir ?? (await mkdtemp(path.join(os.tmpdir(), 'songbird-world-')));
  await mkdir(path.join(dir, 'logs'), { recursive: true });
  await mkdir(path.join(dir, 'pki'), { recursive: true });
  const supervisor = createSupervisor();
  try {
    const audit = options.audit ? await writeAuditPolicy(dir, options.audit) : undefined;
    const world = await bringUp({ paths, config, dir, nodes: options.nodes ?? 2, supervisor, log, ...(audit ? { audit } : {}) });
    if (options.dir !== undefined) return world;
    return { ...world, stop: () => world.stop().then(() => removeData(dir)) };
  } catch (error) {
    await supervisor.stopAll(2_000);
    throw new Error(`the world did not start; logs are in ${path.join(dir, 'logs')}`, { cause: error });
  }
}

function configFromEnv(): WorldConfig {
  const read = readWorldConfig(process.env);
  if (!read.ok) throw new Error(`the world's settings are invalid: ${read.message}`);
  return read.config;
}

interface BringUpInput {
  readonly paths: WorldPaths;
  readonly config: WorldConfig;
  readonly dir: string;
  readonly nodes: number;
  readonly supervisor: Supervisor;
  readonly log: (line: string) => void;
  readonly audit?: AuditFiles;
}

async function bringUp({ paths, config, dir, nodes, supervisor, log, audit }: BringUpInput): Promise<World> {
  const startedAt = Date.now();
  const [etcdClient, etcdPeer, apiServer, controllerManager, scheduler, prometheusPort] = await freePorts(6);
  const ports = { etcdClient: etcdClient!, etcdPeer: etcdPeer!, apiServer: apiServer!, controllerManager: controllerManager!, scheduler: scheduler! };
  const [controlPlane, istioValidation] = await Promise.all([
    startControlPlane({ paths, dir, ports, supervisor, log, ...(audit ? { audit } : {}) }),
    startIstioValidation(supervisor, { paths, dir }),
  ]);
  const prometheus = await createPrometheus(supervisor, { binary: prometheusBinary(paths, config.prometheus), dir, port: prometheusPort! });
  await Promise.all([
    prometheus.start().then(() => log(`world: prometheus ready at ${prometheus.url}`)),
    waitForKubernetes({ paths, kubeconfigPath: controlPlane.kubeconfigPath, nodes, istioValidation, supervisor, log }),
  ]);
  log(`world: ready in ${Date.now() - startedAt}ms; KUBECONFIG=${controlPlane.kubeconfigPath}`);
  return {
    dir,
    kubeconfigPath: controlPlane.kubeconfigPath,
    apiServerUrl: controlPlane.apiServerUrl,
    prometheusUrl: prometheus.url,
    ...(audit ? { auditLogPath: audit.logPath } : {}),
    setScrapeTargets: (targets) => prometheus.setScrapeTargets(targets),
    stopPrometheus: () => prometheus.stop(),
    startPrometheus: () => prometheus.start(),
    stop: () => supervisor.stopAll(),
  };
}

interface WaitInput {
  readonly paths: WorldPaths;
  readonly kubeconfigPath: string;
  readonly nodes: number;
  readonly istioValidation: IstioValidation;
  readonly supervisor: Supervisor;
  readonly log: (line: string) => void;
}

/** KWOK nodes created and Ready, `default` ServiceAccount there, Istio CRDs Established and Istio's validation enforced, Gateway API CRDs Established. */
async function waitForKubernetes({ paths, kubeconfigPath, nodes, istioValidation, supervisor, log }: WaitInput): Promise<void> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const nodeNames = await createKwokNodes(core, nodes);
  const nodesReady = `nodes ${nodeNames.join(', ')} Ready`;
  await Promise.all([
    waitUntil(nodesReady, failFast(supervisor, nodesReadyProbe(core, nodeNames)), READY_TIMEOUT_MS).then(() => log(`world: ${nodesReady}`)),
    waitUntil('ServiceAccount default/default', failFast(supervisor, defaultServiceAccountProbe(core)), READY_TIMEOUT_MS),
    readCrds(paths.istioCrds)
      .then((crds) => installCrds(kubeConfig.makeApiClient(ApiextensionsV1Api), crds, READY_TIMEOUT_MS))
      .then((names) => log(`world: ${names.length} Istio CRDs Established`))
      .then(() => registerIstioValidation(istioValidationApis(kubeConfig), istioValidation, READY_TIMEOUT_MS))
      .then(() => log(`world: Istio validation enforced by ${istioValidation.url}`)),
    installGatewayApi(kubeConfig, paths.gatewayApiCrds, READY_TIMEOUT_MS).then((names) => log(`world: ${names.length} Gateway API CRDs Established`)),
  ]);
}

function istioValidationApis(kubeConfig: KubeConfig): Parameters<typeof registerIstioValidation>[0] {
  return { admission: kubeConfig.makeApiClient(AdmissionregistrationV1Api), customObjects: kubeConfig.makeApiClient(CustomObjectsApi) };
}

async function removeData(dir: string): Promise<void> {
  await rm(path.join(dir, 'etcd'), { recursive: true, force: true });
  await rm(path.join(dir, 'prometheus', 'data'), { recursive: true, force: true });
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
