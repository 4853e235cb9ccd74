// Starts the Kubernetes side of the world in dependency order: etcd, the API
// server (waited on until /readyz), then the controller manager, scheduler
// and KWOK, each with its own kubeconfig in the world dir.
import path from 'node:path';
import type { AuditFiles } from './audit-log.js';
import { writeCredentials, type WorldUser } from './credentials.js';
import { startEtcd } from './etcd.js';
import { SERVICE_CLUSTER_IP_RANGE, startApiServer } from './kube-apiserver.js';
import { startControllerManager, startScheduler } from './kube-components.js';
import { writeKubeconfig } from './kubeconfig.js';
import { startKwok } from './kwok.js';
import type { Supervisor } from './supervisor.js';
import { binaryPath, type WorldPaths } from './world-paths.js';

export interface ControlPlanePorts {
  readonly etcdClient: number;
  readonly etcdPeer: number;
  readonly apiServer: number;
  readonly controllerManager: number;
  readonly scheduler: number;
}

export interface ControlPlaneInput {
  readonly paths: WorldPaths;
  readonly dir: string;
  readonly ports: ControlPlanePorts;
  readonly supervisor: Supervisor;
  readonly log: (line: string) => void;
  /** Opt-in kube-apiserver audit log. */
  readonly audit?: AuditFiles;
}

export interface ControlPlane {
  readonly apiServerUrl: string;
  /** Admin (system:masters) kubeconfig. */
  readonly kubeconfigPath: string;
}

export async function startControlPlane({ paths, dir, ports, supervisor, log, audit }: ControlPlaneInput): Promise<ControlPlane> {
  const startedAt = Date.now();
  const credentials = await writeCredentials(path.join(dir, 'pki'));
  const etcd = await startEtcd(supervisor, { binary: binaryPath(paths, 'etcd'), dir, clientPort: ports.etcdClient, peerPort: ports.etcdPeer });
  log(`world: etcd up at ${etcd.url}`);
  const apiServer = await startApiServer(supervisor, {
    binary: binaryPath(paths, 'kube-apiserver'),
    dir,
    port: ports.apiServer,
    etcdUrl: etcd.url,
    credentials,
    ...(audit ? { audit } : {}),
  });
  log(`world: kube-apiserver ready at ${apiServer.url} (${Date.now() - startedAt}ms)`);

  const kubeconfigFor = (name: string, user: WorldUser): Promise<string> =>
    writeKubeconfig(path.join(dir, `${name}.kubeconfig`), { server: apiServer.url, caPem: apiServer.caPem, user });
  const kubeconfigPath = await kubeconfigFor('admin', credentials.admin);
  startControllerManager(supervisor, {
    binary: binaryPath(paths, 'kube-controller-manager'),
    dir,
    port: ports.controllerManager,
    kubeconfig: await kubeconfigFor('kube-controller-manager', credentials.controllerManager),
    rootCaFile: apiServer.caFile,
    serviceAccountKeyFile: credentials.serviceAccountKeyFile,
    serviceClusterIpRange: SERVICE_CLUSTER_IP_RANGE,
  });
  startScheduler(supervisor, {
    binary: binaryPath(paths, 'kube-scheduler'),
    dir,
    port: ports.scheduler,
    kubeconfig: await kubeconfigFor('kube-scheduler', credentials.scheduler),
  });
  startKwok(supervisor, { binary: binaryPath(paths, 'kwok'), dir, kubeconfig: kubeconfigPath, stagesFile: paths.kwokStages });
  return { apiServerUrl: apiServer.url, kubeconfigPath };
}
