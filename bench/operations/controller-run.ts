// One controller process for the bench, run as the image runs it (the built
// dist/controller/runtime/main.js) or the old way (`node --import tsx
// controller/runtime/main.ts`). Its pino lines go to a log file; the
// 'songbird controller starting' line gives the metrics port and the Lease
// identity. Every process started here is SIGKILLed if the bench exits first.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { assertControllerBuilt } from '../../e2e/scenario/controller-process.js';
import { imageNodeOptions } from '../../e2e/scenario/image-node-options.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BUILT_MAIN = path.join(REPO, 'dist', 'controller', 'runtime', 'main.js');
const SETPRIV = '/usr/bin/setpriv';

export type Runtime = 'built' | 'tsx';

export interface ControllerRunOptions {
  readonly runtime: Runtime;
  readonly kubeconfigPath: string;
  readonly prometheusUrl: string;
  readonly logFile: string;
  /** More environment; an undefined value removes a variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export interface ControllerRun {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the port of /metrics and the Lease identity once the process logged its start. */
  readonly started: Promise<{ metricsPort: number; identity: string }>;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<string>;
  /** Sends SIGTERM and resolves with the seconds until the process exited and its exit status. */
  terminate(): Promise<{ seconds: number; status: string }>;
  /** SIGKILL; resolves once it is gone. */
  kill(): Promise<void>;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

function command(runtime: Runtime): string[] {
  if (runtime === 'built') {
    assertControllerBuilt();
    return [process.execPath, BUILT_MAIN];
  }
  return [process.execPath, '--import', 'tsx', path.join(REPO, 'controller', 'runtime', 'main.ts')];
}

/**
 * Starts the controller with the environment a pod would have plus
 * `options.env`: leader election on, the default Lease duration and shutdown
 * grace, metrics on a free port, info logs.
 */
export function startControllerRun(options: ControllerRunOptions): ControllerRun {
  const env = Object.fromEntries(
    Object.entries({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KUBECONFIG: options.kubeconfigPath,
      SONGBIRD_PROMETHEUS_URL: options.prometheusUrl,
      SONGBIRD_METRICS_PORT: '0',
      SONGBIRD_METRICS_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // The image's heap settings for the built controller; the old way ran with Node's defaults.
      ...(options.runtime === 'built' ? { NODE_OPTIONS: imageNodeOptions() } : {}),
      ...options.env,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const argv = command(options.runtime);
  // With setpriv the kernel kills the controller even if the bench itself is killed; setpriv execs, so the pid stays the controller's.
  const [file, args] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'KILL', '--', ...argv]] : [argv[0]!, argv.slice(1)];
  const child = spawn(file, args, { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  child.stderr!.pipe(log);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(signal ?? String(code));
    }),
  );
  const started = new Promise<{ metricsPort: number; identity: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (!line.includes('songbird controller starting')) return;
      const parsed = JSON.parse(line) as { metricsPort: number; identity: string };
      resolve({ metricsPort: parsed.metricsPort, identity: parsed.identity });
    });
    void exited.then((status) => reject(new Error(`the controller exited (${status}) before it started; see ${options.logFile}`)));
  });
  return controllerRunOf(child, started, exited);
}

/** The ControllerRun of a spawned process: `started` as its log says, `exited` with its status. */
export function controllerRunOf(child: ChildProcess, started: ControllerRun['started'], exited: Promise<string>): ControllerRun {
  started.catch(() => undefined);
  return {
    child,
    pid: child.pid!,
    started,
    exited,
    async terminate() {
      const sent = Date.now();
      child.kill('SIGTERM');
      const status = await exited;
      return { seconds: (Date.now() - sent) / 1000, status };
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
