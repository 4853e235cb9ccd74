// The file through which the jest global setup hands its one world to test
// files: where the world is, and the loopback URL of the control server that
// owns it (see world-control-server.ts).
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { worldPaths } from './world-paths.js';

export const SHARED_WORLD_FILE_ENV = 'SONGBIRD_WORLD_FILE';

export interface SharedWorldRecord {
  readonly dir: string;
  readonly kubeconfigPath: string;
  readonly apiServerUrl: string;
  readonly prometheusUrl: string;
  readonly controlUrl: string;
  /** The process (jest's main process) that owns the world's processes. */
  readonly ownerPid: number;
}

/**
 * Where the global setup of the jest process `ownerPid` records its world:
 * one file per jest run, so parallel runs in one checkout never see (or
 * delete) each other's world. Test workers find it through SONGBIRD_WORLD_FILE.
 */
export function sharedWorldFileFor(ownerPid: number): string {
  return path.join(worldPaths().cacheDir, 'shared-worlds', `${ownerPid}.json`);
}

export function sharedWorldFile(env: NodeJS.ProcessEnv): string {
  const file = env[SHARED_WORLD_FILE_ENV];
  if (!file) {
    throw new Error(`${SHARED_WORLD_FILE_ENV} is not set: is e2e/jest-global-setup.ts the e2e project's globalSetup?`);
  }
  return file;
}

export async function writeSharedWorldRecord(file: string, record: SharedWorldRecord): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record, null, 2)}\n`);
  await rename(temporary, file);
}

export async function readSharedWorldRecord(file: string): Promise<SharedWorldRecord> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`no shared world at ${file}`, { cause: error });
  }
  return JSON.parse(text) as SharedWorldRecord;
}
