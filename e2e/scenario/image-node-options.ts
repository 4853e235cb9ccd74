import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DOCKERFILE = fileURLToPath(new URL('../../Dockerfile', import.meta.url));

/**
 * The NODE_OPTIONS the controller image sets (the `ENV NODE_OPTIONS="…"` line
 * of the Dockerfile's last stage), so tests and benches run the controller
 * with the same heap settings as a pod. Throws when the Dockerfile has none.
 */
export function imageNodeOptions(dockerfile = readFileSync(DOCKERFILE, 'utf8')): string {
  const lines = dockerfile.split('\n');
  const lastStage = lines.map((l, i) => (/^FROM\s/i.test(l) ? i : -1)).filter((i) => i >= 0).at(-1) ?? 0;
  for (const line of lines.slice(lastStage)) {
    const match = /^ENV\s+NODE_OPTIONS="([^"]*)"\s*$/.exec(line.trim());
    if (match) return match[1]!;
  }
  throw new Error('the Dockerfile sets no ENV NODE_OPTIONS="…" in its last stage');
}
