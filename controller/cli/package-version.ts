// The CLI's version for `songbird --version`: the `version` of Songbird's
// package.json, found at run time from this module's own place (the source
// tree's controller/cli/ and the build's dist/controller/cli/ sit at
// different depths below it), so it cannot drift from the package.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'songbird';

/**
 * The version of the nearest package.json named `songbird` in `from`'s folder
 * or a folder above it (`from`: a module's file: URL; default this module's);
 * `unknown` when there is none (the CLI copied out of its package).
 */
export function packageVersion(from: string = import.meta.url): string {
  let dir = path.dirname(fileURLToPath(from));
  for (;;) {
    const manifest = readManifest(path.join(dir, 'package.json'));
    if (manifest?.name === PACKAGE_NAME && typeof manifest.version === 'string') return manifest.version;
    const parent = path.dirname(dir);
    if (parent === dir) return 'unknown';
    dir = parent;
  }
}

function readManifest(file: string): { name?: unknown; version?: unknown } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}
