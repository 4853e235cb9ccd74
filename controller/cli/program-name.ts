// The name the CLI calls itself in help and messages. kubectl runs a plugin
// `kubectl-songbird` for `kubectl songbird ...` (kubectl's plugin mechanism:
// an executable named kubectl-<name> on PATH), so that is how a person typed it.
import path from 'node:path';

/** `kubectl songbird` when the executable is kubectl-songbird (any extension), else `songbird`. */
export function programNameOf(executable: string | undefined): string {
  const base = path.basename(executable ?? '').replace(/\.(c|m)?js$/, '');
  return base === 'kubectl-songbird' ? 'kubectl songbird' : 'songbird';
}
