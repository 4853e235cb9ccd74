// Global setup of the e2e jest project: starts ONE world for every test file
// and tells them where it is (a JSON file, see e2e/world/shared-world.ts, and
// environment variables inherited by the test workers).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { SHARED_WORLD_FILE_ENV, sharedWorldFileFor, writeSharedWorldRecord } from './world/shared-world-record.js';
import { startWorldControlServer } from './world/world-control-server.js';
import { startWorld } from './world/world.js';

export default async function globalSetup(): Promise<void> {
  const world = await startWorld({ log: (line) => process.stderr.write(`${line}\n`) });
  try {
    const control = await startWorldControlServer(world);
    const file = sharedWorldFileFor(process.pid);
    await mkdir(path.dirname(file), { recursive: true });
    await writeSharedWorldRecord(file, {
      dir: world.dir,
      kubeconfigPath: world.kubeconfigPath,
      apiServerUrl: world.apiServerUrl,
      prometheusUrl: world.prometheusUrl,
      controlUrl: control.url,
      ownerPid: process.pid,
    });
    process.env[SHARED_WORLD_FILE_ENV] = file;
    // Anything that loads the default kubeconfig talks to the world, never to a real cluster.
    process.env.KUBECONFIG = world.kubeconfigPath;
    process.env.SONGBIRD_WORLD_PROMETHEUS_URL = world.prometheusUrl;
  } catch (error) {
    await world.stop();
    throw error;
  }
}
