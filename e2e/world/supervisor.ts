// Starts the world's processes and makes sure none outlives the world.
// Every process gets its own process group (detached), so stopping it also
// stops anything it forked; SIGTERM first, SIGKILL after a grace period.
// Three safety nets for an unexpected end of the Node process:
//   - a process.on('exit') handler that SIGKILLs every group;
//   - `setpriv --pdeathsig KILL` (when available), so the kernel kills the
//     children even if Node itself is killed by a signal;
//   - stopAll() from stop(), the normal path.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';

export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly logFile: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface SupervisedProcess {
  readonly name: string;
  readonly pid: number;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<string>;
  isRunning(): boolean;
  stop(graceMs?: number): Promise<void>;
}

export interface Supervisor {
  start(spec: ProcessSpec): SupervisedProcess;
  running(): SupervisedProcess[];
  stopAll(graceMs?: number): Promise<void>;
}

export function createSupervisor(): Supervisor {
  const processes = new Set<SupervisedProcess>();
  const killAllNow = (): void => {
    for (const child of processes) signalGroup(child.pid, 'SIGKILL');
  };

  const start = (spec: ProcessSpec): SupervisedProcess => {
    const log = openSync(spec.logFile, 'a');
    const [command, args] = existsSync(SETPRIV)
      ? [SETPRIV, ['--pdeathsig', 'KILL', '--', spec.command, ...spec.args]]
      : [spec.command, [...spec.args]];
    const child = spawn(command, args, { detached: true, stdio: ['ignore', log, log], env: spec.env ?? process.env });
    closeSync(log);
    let running = true;
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => {
        running = false;
        resolve(signal ?? String(code));
      });
      child.once('error', (error) => {
        running = false;
        resolve(`error: ${error.message}`);
      });
    });
    const pid = child.pid;
    if (pid === undefined) throw new Error(`could not start ${spec.name} (${spec.command})`);
    const supervised: SupervisedProcess = {
      name: spec.name,
      pid,
      exited,
      isRunning: () => running,
      stop: async (graceMs = 10_000) => {
        await stopGroup(pid, exited, () => running, graceMs);
        processes.delete(supervised);
        if (processes.size === 0) process.off('exit', killAllNow);
      },
    };
    if (processes.size === 0) process.on('exit', killAllNow);
    processes.add(supervised);
    return supervised;
  };

  return {
    start,
    running: () => [...processes],
    // Newest first: clients of the API server before it, the API server
    // before etcd (stopped together, the API server hangs on its storage).
    stopAll: async (graceMs) => {
      for (const child of [...processes].reverse()) await child.stop(graceMs);
    },
  };
}

async function stopGroup(pid: number, exited: Promise<string>, isRunning: () => boolean, graceMs: number): Promise<void> {
  if (isRunning()) {
    signalGroup(pid, 'SIGTERM');
    const timedOut = await Promise.race([
      exited.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), graceMs).unref()),
    ]);
    if (timedOut) {
      signalGroup(pid, 'SIGKILL');
      await exited;
    }
  }
  // Anything the process forked into its group goes too.
  signalGroup(pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}
