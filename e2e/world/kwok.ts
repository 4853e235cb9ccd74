// KWOK plays the kubelets: it manages the fake nodes we create (selected by
// annotation) and moves their pods through the Stages copied by install.sh
// (node Ready + lease, pod Running/Ready, pod deletion finished).
import type { CoreV1Api, V1Node } from '@kubernetes/client-node';
import path from 'node:path';
import type { Supervisor, SupervisedProcess } from './supervisor.js';
import type { Probe } from './wait-until.js';

export const KWOK_NODE_ANNOTATION = 'kwok.x-k8s.io/node';
const POD_CIDR = '10.244.0.0/16';

export interface KwokInput {
  readonly binary: string;
  readonly dir: string;
  readonly kubeconfig: string;
  readonly stagesFile: string;
}

export function kwokArgs({ kubeconfig, stagesFile }: KwokInput): string[] {
  return [
    `--kubeconfig=${kubeconfig}`,
    `--config=${stagesFile}`,
    '--manage-all-nodes=false',
    `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=fake`,
    '--node-ip=127.0.0.1',
    // Renew a Lease per node, as kubelets do. Without it (kwok's own default
    // is 0) nothing heartbeats, and after the 50s node-monitor grace period
    // the node lifecycle controller marks every node (and its pods) NotReady.
    '--node-lease-duration-seconds=40',
    `--cidr=${POD_CIDR}`,
  ];
}

export function startKwok(supervisor: Supervisor, input: KwokInput): SupervisedProcess {
  return supervisor.start({
    name: 'kwok',
    command: input.binary,
    args: kwokArgs(input),
    logFile: path.join(input.dir, 'logs', 'kwok.log'),
  });
}

export function kwokNodeName(index: number): string {
  return `kwok-node-${index}`;
}

/**
 * A fake node as KWOK's docs describe it, minus the
 * `kwok.x-k8s.io/node=fake:NoSchedule` taint: there are no real nodes here to
 * protect, and without it test workloads need no tolerations.
 */
export function kwokNode(name: string): V1Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { [KWOK_NODE_ANNOTATION]: 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/role': 'agent',
        'node-role.kubernetes.io/agent': '',
        type: 'kwok',
      },
    },
    status: {
      allocatable: { cpu: '32', memory: '256Gi', pods: '110' },
      capacity: { cpu: '32', memory: '256Gi', pods: '110' },
    },
  };
}

export async function createKwokNodes(core: CoreV1Api, count: number): Promise<string[]> {
  const names = Array.from({ length: count }, (_, index) => kwokNodeName(index));
  for (const name of names) await core.createNode({ body: kwokNode(name) });
  return names;
}

const NOT_READY_TAINTS = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);

/** Ready, and the node lifecycle controller has lifted its not-ready taints. */
export function isNodeReady(node: V1Node): boolean {
  const ready = (node.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
  const tainted = (node.spec?.taints ?? []).some((taint) => NOT_READY_TAINTS.has(taint.key));
  return ready && !tainted;
}

export function nodesReadyProbe(core: CoreV1Api, names: readonly string[]): Probe {
  return async () => {
    const nodes = await core.listNode();
    const ready = new Set(nodes.items.filter(isNodeReady).map((node) => node.metadata?.name));
    const notReady = names.filter((name) => !ready.has(name));
    return notReady.length === 0 ? { ok: true } : { ok: false, reason: `not Ready: ${notReady.join(', ')}` };
  };
}
