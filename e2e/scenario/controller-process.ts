import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** The controller as its own OS process (main.ts), so a test can SIGKILL it. */
export function spawnController(options: { kubeconfigPath: string; prometheusUrl: string; namespace: string; logFile: string }): ChildProcess {
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', 'controller/runtime/main.ts'], {
    cwd: REPO,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      KUBECONFIG: options.kubeconfigPath,
      SONGBIRD_PROMETHEUS_URL: options.prometheusUrl,
      SONGBIRD_NAMESPACE: options.namespace,
      SONGBIRD_RESYNC_CRON: '*/10 * * * * *',
      SONGBIRD_HTTP_TIMEOUT_MS: '3000',
      LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
