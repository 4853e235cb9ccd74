// Runs install.sh when a binary or data file of the world is missing, so that
// startWorld() works on a fresh checkout (the first run builds Kubernetes and
// takes many minutes; `make world-install` does the same ahead of time).
import { spawn } from 'node:child_process';
import { missingInstallPieces, type WorldPaths } from './world-paths.js';

export async function ensureInstalled(paths: WorldPaths, log: (line: string) => void): Promise<void> {
  const missing = missingInstallPieces(paths);
  if (missing.length === 0) return;
  log(`world: missing ${missing.join(', ')}; running ${paths.installScript}`);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('bash', [paths.installScript], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  if (exitCode !== 0) throw new Error(`${paths.installScript} exited with ${exitCode}`);
  const stillMissing = missingInstallPieces(paths);
  if (stillMissing.length > 0) throw new Error(`install.sh finished but ${stillMissing.join(', ')} is still missing`);
}
