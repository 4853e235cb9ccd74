// Built controllers as replicas of one Deployment would run: each its own OS
// process (spawnController), its own log file, its own free metrics port, the
// same Lease. What a test reads of them: their JSON log lines, the port and
// identity they announced, their probes and /metrics, the Lease's holder.
import { CoordinationV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { killHard, spawnController, type ControllerProcessOptions } from './controller-process.js';

/** One pino JSON line of a controller's log (fields beyond these are kept as they are). */
export interface ControllerLogLine {
  readonly msg?: string;
  readonly time?: number;
  readonly level?: number;
  readonly [field: string]: unknown;
}

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Local clock, ms since the epoch. */
  readonly atMs: number;
}

export interface ControllerReplica {
  /** A name for messages: 'a', 'b', … as the test gave it. */
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Its log so far, one parsed object per JSON line (other lines are left out). */
  logLines(): ControllerLogLine[];
  /** The metrics port and Lease identity of its 'songbird controller starting' line; rejects after timeoutMs or if it exits first. */
  started(timeoutMs?: number): Promise<{ metricsPort: number; identity: string }>;
  /** GET http://127.0.0.1:<metricsPort><path>: the status and body text. */
  get(pathname: string): Promise<{ status: number; text: string }>;
  /** Resolves when the process is gone (at once when it already is). */
  exited(): Promise<ProcessExit>;
  /** SIGKILL, waiting for the exit. */
  kill(): Promise<void>;
  /** SIGTERM, waiting for the exit. */
  terminate(): Promise<ProcessExit>;
}

export type ReplicaOptions = Omit<ControllerProcessOptions, 'logFile'>;

/** Starts one replica of the built controller; its log goes to a new temp file. */
export function startReplica(name: string, options: ReplicaOptions): ControllerReplica {
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), `songbird-replica-${name}-`)), 'controller.log');
  const child = spawnController({ ...options, logFile });
  let exit: ProcessExit | undefined;
  const exitPromise = new Promise<ProcessExit>((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal, atMs: Date.now() };
      resolve(exit);
    }),
  );
  const logLines = (): ControllerLogLine[] => {
    let text = '';
    try {
      text = readFileSync(logFile, 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as ControllerLogLine];
      } catch {
        return [];
      }
    });
  };
  let announced: { metricsPort: number; identity: string } | undefined;
  const started = async (timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!announced) {
      const line = logLines().find((l) => l.msg === 'songbird controller starting');
      if (line) announced = { metricsPort: Number(line.metricsPort), identity: String(line.identity) };
      else if (exit) throw new Error(`replica ${name} exited (${exit.code ?? exit.signal}) before starting; log: ${logFile}`);
      else if (Date.now() > deadline) throw new Error(`replica ${name} did not start within ${timeoutMs} ms; log: ${logFile}`);
      else await new Promise((r) => setTimeout(r, 100));
    }
    return announced;
  };
  return {
    name,
    child,
    logFile,
    logLines,
    started,
    async get(pathname) {
      const { metricsPort } = await started();
      const response = await fetch(`http://127.0.0.1:${metricsPort}${pathname}`);
      return { status: response.status, text: await response.text() };
    },
    exited: () => exitPromise,
    kill: () => killHard(child),
    async terminate() {
      if (!exit) child.kill('SIGTERM');
      return exitPromise;
    },
  };
}

/** The Lease's holderIdentity ('' when released), or undefined when there is no Lease yet. */
export async function leaseHolder(kubeConfig: KubeConfig, namespace: string, name: string): Promise<string | undefined> {
  const api = kubeConfig.makeApiClient(CoordinationV1Api);
  try {
    const lease = await api.readNamespacedLease({ namespace, name });
    return lease.spec?.holderIdentity ?? '';
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

/** Polls until `holds` is true, every `everyMs`; resolves with the value that held, or throws after timeoutMs naming `what` and the last value. */
export async function pollUntil<T>(what: string, read: () => Promise<T>, holds: (value: T) => boolean, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (holds(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
