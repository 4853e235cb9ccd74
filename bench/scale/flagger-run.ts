// Flagger as its own process for the bench: the binary install-flagger.sh
// built into .cache/bench/flagger, out of cluster (-kubeconfig), Istio as
// the mesh, the world's Prometheus as its metrics server, its HTTP server on
// a free loopback port. Its zap JSON lines (stderr) go to a log file;
// 'Started operator workers' marks it started. Killed with the bench
// (setpriv --pdeathsig KILL, and SIGKILL on exit).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../e2e/world/free-port.js';
import { controllerRunOf, type ControllerRun } from '../operations/controller-run.js';
import type { StartInput } from './contender.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const FLAGGER_DIR = path.join(REPO, '.cache', 'bench', 'flagger');
export const FLAGGER_BINARY = path.join(FLAGGER_DIR, 'bin', 'flagger');
/** The module's artifacts/flagger/crd.yaml, copied by install-flagger.sh. */
export const FLAGGER_CRDS = path.join(FLAGGER_DIR, 'crd.yaml');
const SETPRIV = '/usr/bin/setpriv';
const STARTED = 'Started operator workers';

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** The flags Flagger's own deployment (artifacts/flagger/deployment.yaml) passes, out of cluster. */
export function flaggerArgs(input: StartInput, port: number): string[] {
  return [`-kubeconfig=${input.kubeconfigPath}`, '-mesh-provider=istio', `-metrics-server=${input.prometheusUrl}`, `-port=${port}`, '-log-level=info'];
}

/** Starts Flagger; throws when install-flagger.sh has not built it. */
export async function startFlaggerRun(input: StartInput): Promise<ControllerRun> {
  if (!existsSync(FLAGGER_BINARY)) throw new Error(`${FLAGGER_BINARY} is missing: run bash bench/scale/install-flagger.sh (make bench-scale does)`);
  const port = await freePort();
  const argv = [FLAGGER_BINARY, ...flaggerArgs(input, port)];
  const [file, args] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'KILL', '--', ...argv]] : [argv[0]!, argv.slice(1)];
  const child = spawn(file, args, { cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME }, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const log = createWriteStream(input.logFile, { flags: 'a' });
  child.stdout!.pipe(log);
  const exited = new Promise<string>((resolve) =>
    child.once('exit', (code, signal) => {
      live.delete(child);
      resolve(signal ?? String(code));
    }),
  );
  const started = new Promise<{ metricsPort: number; identity: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stderr! });
    lines.on('line', (line) => {
      log.write(`${line}\n`);
      if (line.includes(STARTED)) resolve({ metricsPort: port, identity: 'flagger' });
    });
    void exited.then((status) => reject(new Error(`flagger exited (${status}) before it started; see ${input.logFile}`)));
  });
  return controllerRunOf(child, started, exited);
}
