// etcd, single member, on two free loopback ports, data in the world dir.
import path from 'node:path';
import { httpGet } from './loopback-http.js';
import type { Supervisor, SupervisedProcess } from './supervisor.js';
import { exitedProbe, waitUntil } from './wait-until.js';

export interface EtcdInput {
  readonly binary: string;
  readonly dir: string;
  readonly clientPort: number;
  readonly peerPort: number;
}

export interface Etcd {
  readonly url: string;
  readonly process: SupervisedProcess;
}

export function etcdArgs({ dir, clientPort, peerPort }: EtcdInput): string[] {
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  return [
    '--name=world',
    `--data-dir=${path.join(dir, 'etcd')}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=world=${peer}`,
    // Throwaway data: durability buys nothing, fsync costs seconds.
    '--unsafe-no-fsync',
    '--log-level=warn',
  ];
}

export async function startEtcd(supervisor: Supervisor, input: EtcdInput): Promise<Etcd> {
  const url = `http://127.0.0.1:${input.clientPort}`;
  const logFile = path.join(input.dir, 'logs', 'etcd.log');
  const child = supervisor.start({ name: 'etcd', command: input.binary, args: etcdArgs(input), logFile });
  await waitUntil(
    'etcd /health',
    async () => {
      if (!child.isRunning()) return exitedProbe('etcd', logFile, await child.exited);
      const answer = await httpGet(`${url}/health`);
      return answer.status === 200 && answer.body.includes('"true"') ? { ok: true } : { ok: false, reason: answer.body };
    },
    30_000,
  );
  return { url, process: child };
}
