// kube-controller-manager and kube-scheduler: no leader election, secure
// ports on free loopback ports, authenticating to the API server with the
// static tokens RBAC's bootstrap roles expect (as kubeadm sets them up).
import path from 'node:path';
import type { Supervisor, SupervisedProcess } from './supervisor.js';

export interface ComponentInput {
  readonly binary: string;
  readonly dir: string;
  readonly port: number;
  readonly kubeconfig: string;
}

export interface ControllerManagerInput extends ComponentInput {
  readonly rootCaFile: string;
  readonly serviceAccountKeyFile: string;
  readonly serviceClusterIpRange: string;
}

function commonArgs({ port, kubeconfig }: ComponentInput): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${port}`,
    '--leader-elect=false',
    '--profiling=false',
  ];
}

export function controllerManagerArgs(input: ControllerManagerInput): string[] {
  return [
    ...commonArgs(input),
    // Every default controller: deployment, replicaset, serviceaccount,
    // serviceaccount-token, garbage-collector, namespace, node-lifecycle, ...
    '--controllers=*',
    // Each controller acts as its own service account (bootstrap RBAC roles).
    '--use-service-account-credentials=true',
    `--root-ca-file=${input.rootCaFile}`,
    `--service-account-private-key-file=${input.serviceAccountKeyFile}`,
    `--service-cluster-ip-range=${input.serviceClusterIpRange}`,
    '--cluster-name=songbird-world',
    '--kube-api-qps=100',
    '--kube-api-burst=200',
  ];
}

export function schedulerArgs(input: ComponentInput): string[] {
  return commonArgs(input);
}

export function startControllerManager(supervisor: Supervisor, input: ControllerManagerInput): SupervisedProcess {
  return supervisor.start({
    name: 'kube-controller-manager',
    command: input.binary,
    args: controllerManagerArgs(input),
    logFile: path.join(input.dir, 'logs', 'kube-controller-manager.log'),
  });
}

export function startScheduler(supervisor: Supervisor, input: ComponentInput): SupervisedProcess {
  return supervisor.start({
    name: 'kube-scheduler',
    command: input.binary,
    args: schedulerArgs(input),
    logFile: path.join(input.dir, 'logs', 'kube-scheduler.log'),
  });
}
