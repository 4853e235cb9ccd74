// Runs install.sh before every world: with everything at its pinned version
// it only compares stamp files (milliseconds); on a fresh checkout, or after a
// version bump in install.sh, it builds what is missing (the first Kubernetes
// build takes many minutes; `make world-install` does it ahead of time).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { missingInstallPieces, type WorldPaths } from './world-paths.js';

export async function ensureInstalled(paths: WorldPaths, log: (line: string) => void): Promise<void> {
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('bash', [paths.installScript], { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout }).on('line', log);
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  if (exitCode !== 0) throw new Error(`${paths.installScript} exited with ${exitCode}`);
  const missing = missingInstallPieces(paths);
  if (missing.length > 0) throw new Error(`install.sh finished but ${missing.join(', ')} is still missing`);
}
