import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { imageNodeOptions } from './image-node-options.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The built controller under a checkout, as the image's ENTRYPOINT runs it (`npm run build` writes it). */
const MAIN = path.join('dist', 'controller', 'runtime', 'main.js');
const BUILD_HINT = 'run npm run build (make e2e does)';

export interface ControllerProcessOptions {
  /** The kubeconfig it reads (KUBECONFIG); omitted: none, e.g. to run with a service account identity instead. */
  readonly kubeconfigPath?: string;
  readonly prometheusUrl: string;
  /** SONGBIRD_NAMESPACE: the one namespace it watches. */
  readonly namespace: string;
  /** Its stdout and stderr (pino JSON lines) are appended here. */
  readonly logFile: string;
  /** More environment, or overrides of the defaults below; an undefined value removes the variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * A .js file under `<repoDir>/dist/controller` older than its .ts source
 * (repo-relative path of the source), or undefined when every built file is
 * at least as new as its source. A source with no built file (new, or
 * test-only) is not looked at.
 */
function staleSource(repoDir: string, dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const built = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const stale = staleSource(repoDir, built);
      if (stale) return stale;
      continue;
    }
    if (!entry.name.endsWith('.js')) continue;
    const source = path.join(repoDir, path.relative(path.join(repoDir, 'dist'), built)).replace(/\.js$/, '.ts');
    if (existsSync(source) && statSync(source).mtimeMs > statSync(built).mtimeMs) return path.relative(repoDir, source);
  }
  return undefined;
}

export type BuildProblem = { readonly kind: 'missing' | 'stale'; readonly message: string };

/**
 * What is wrong with the built controller of the checkout at `repoDir`:
 * `missing` (no dist/controller/runtime/main.js), `stale` (a built file older
 * than its source, named), or undefined when it is built and fresh.
 */
export function builtControllerProblem(repoDir: string = REPO): BuildProblem | undefined {
  if (!existsSync(path.join(repoDir, MAIN))) return { kind: 'missing', message: `${MAIN} is missing: ${BUILD_HINT}` };
  const stale = staleSource(repoDir, path.join(repoDir, 'dist', 'controller'));
  if (stale) return { kind: 'stale', message: `dist/ is older than ${stale}; the controller runs as last built (${BUILD_HINT})` };
  return undefined;
}

/**
 * Throws, naming what to do, when dist/ has no built controller. A dist/
 * older than its sources is only warned about (naming the file): `make e2e`
 * builds first, and in a checkout where others edit sources while a test runs
 * a hard failure would stop every run.
 */
export function assertControllerBuilt(): void {
  const problem = builtControllerProblem();
  if (problem?.kind === 'missing') throw new Error(problem.message);
  if (problem) console.warn(`songbird e2e: ${problem.message}`);
}

/**
 * The built controller (dist/controller/runtime/main.js) as its own OS
 * process, so a test can SIGKILL it and run it with only the environment a
 * pod would have. Throws when dist/ is missing (see assertControllerBuilt).
 */
export function spawnController(options: ControllerProcessOptions): ChildProcess {
  assertControllerBuilt();
  const defaults: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    KUBECONFIG: options.kubeconfigPath,
    SONGBIRD_PROMETHEUS_URL: options.prometheusUrl,
    SONGBIRD_NAMESPACE: options.namespace,
    // Its own Lease, in the namespace it watches: controllers of tests that run side by side never wait for each other.
    POD_NAMESPACE: options.namespace,
    SONGBIRD_LEASE_NAME: 'songbird-e2e',
    SONGBIRD_RESYNC_CRON: '*/10 * * * * *',
    SONGBIRD_HTTP_TIMEOUT_MS: '3000',
    // A free port: several controllers may run side by side on this machine.
    SONGBIRD_METRICS_PORT: '0',
    LOG_LEVEL: 'debug',
    // The image's heap settings, so the tests run the controller as a pod does.
    NODE_OPTIONS: imageNodeOptions(),
  };
  const env = Object.fromEntries(
    Object.entries({ ...defaults, ...options.env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, [MAIN], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

export async function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}
