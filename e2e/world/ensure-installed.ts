// Runs install.sh before every world: with everything at its pinned version
// it only compares stamp files (milliseconds); on a fresh checkout, or after a
// version bump in install.sh, it builds what is missing (the first Kubernetes
// build takes many minutes; `make world-install` does it ahead of time).
// Its output goes straight to stderr: silent when nothing is to be done,
// progress lines while it builds (so a long first build does not look hung).
import { spawn } from 'node:child_process';
import { installArgs, type WorldConfig } from './world-config.js';
import { missingInstallPieces, type WorldPaths } from './world-paths.js';

export async function ensureInstalled(paths: WorldPaths, config: WorldConfig): Promise<void> {
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('bash', [paths.installScript, ...installArgs(config)], { stdio: ['ignore', process.stderr, process.stderr] });
    child.once('error', reject);
    child.once('close', (code) => resolve(code));
  });
  if (exitCode !== 0) throw new Error(`${paths.installScript} exited with ${exitCode}`);
  const missing = missingInstallPieces(paths, config.prometheus);
  if (missing.length > 0) throw new Error(`install.sh finished but ${missing.join(', ')} is still missing`);
}
