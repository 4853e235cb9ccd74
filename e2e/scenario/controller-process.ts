import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const DIST = path.join(REPO, 'dist');
/** The built controller, as the image's ENTRYPOINT runs it (`npm run build` writes it). */
export const BUILT_MAIN = path.join(DIST, 'controller', 'runtime', 'main.js');
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
 * A .js file of dist/controller older than its .ts source, or undefined when
 * every built file is at least as new as its source. A source with no built
 * file (new, or test-only) is not looked at.
 */
function staleBuiltFile(dir: string): string | undefined {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const built = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const stale = staleBuiltFile(built);
      if (stale) return stale;
      continue;
    }
    if (!entry.name.endsWith('.js')) continue;
    const source = path.join(REPO, path.relative(DIST, built)).replace(/\.js$/, '.ts');
    if (existsSync(source) && statSync(source).mtimeMs > statSync(built).mtimeMs) return path.relative(REPO, source);
  }
  return undefined;
}

/**
 * Throws, naming what to do, when dist/ has no built controller or is older
 * than the sources: a test must never run yesterday's controller.
 */
export function assertControllerBuilt(): void {
  if (!existsSync(BUILT_MAIN)) throw new Error(`${path.relative(REPO, BUILT_MAIN)} is missing: ${BUILD_HINT}`);
  const stale = staleBuiltFile(path.join(DIST, 'controller'));
  if (stale) throw new Error(`dist/ is older than ${stale}: ${BUILD_HINT}`);
}

/**
 * The built controller (dist/controller/runtime/main.js) as its own OS
 * process, so a test can SIGKILL it and run it with only the environment a
 * pod would have. Throws when dist/ is missing or stale (see assertControllerBuilt).
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
  };
  const env = Object.fromEntries(
    Object.entries({ ...defaults, ...options.env }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, [BUILT_MAIN], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
