// The dashboard's built front-end (Vite's output: index.html and assets/),
// read once from disk and served from memory. Only files that exist under the
// folder at first read are served, so no request path can reach outside it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
  /** Vite names assets by content hash, so they may be cached for good; index.html may not. */
  readonly immutable: boolean;
}

/** A file by its path under the folder (`index.html`, `assets/index-3f2a.js`), or a message saying why none can be served. */
export type StaticAssets = { readonly ok: true; readonly get: (path: string) => StaticFile | undefined } | { readonly ok: false; readonly message: string };

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Where `npm run build` puts the front-end (vite.config.ts: outDir
 * dist/dashboard-web), seen from this module: dist/controller/dashboard/ when
 * built (→ dist/dashboard-web), controller/dashboard/ when run from source
 * by tsx or jest (→ <repo>/dist/dashboard-web).
 */
export function defaultAssetsDir(): string {
  const up = fileURLToPath(new URL('../../', import.meta.url));
  const built = join(up, 'dashboard-web');
  return existsSync(built) ? built : join(up, 'dist', 'dashboard-web');
}

/** Reads every file under `dir` (a few hundred KiB); a missing index.html is a message naming the folder and the build to run. */
export function readStaticAssets(dir: string): StaticAssets {
  if (!existsSync(join(dir, 'index.html'))) {
    return { ok: false, message: `The dashboard's page is not built (${join(dir, 'index.html')} is missing): run npm run build` };
  }
  const files = new Map<string, StaticFile>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const name = relative(dir, path).split(sep).join('/');
        files.set(name, { body: readFileSync(path), type: TYPES[extname(name)] ?? 'application/octet-stream', immutable: name.startsWith('assets/') });
      }
    }
  };
  walk(dir);
  return { ok: true, get: (path) => files.get(path) };
}
