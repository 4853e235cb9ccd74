// For test files: the world the e2e project's global setup started.
//   const world = await getSharedWorld();
//   await world.setScrapeTargets(['127.0.0.1:9464']);
import { postControl } from './world-control-server.js';
import { readSharedWorldRecord, sharedWorldFile } from './shared-world-record.js';
import type { World } from './world.js';

/** A World without stop(): the global teardown owns its end. */
export type WorldHandle = Omit<World, 'stop'>;

export async function getSharedWorld(env: NodeJS.ProcessEnv = process.env): Promise<WorldHandle> {
  const record = await readSharedWorldRecord(sharedWorldFile(env));
  return {
    dir: record.dir,
    kubeconfigPath: record.kubeconfigPath,
    apiServerUrl: record.apiServerUrl,
    prometheusUrl: record.prometheusUrl,
    setScrapeTargets: (targets) => postControl(record.controlUrl, '/scrape-targets', { targets }),
    stopPrometheus: () => postControl(record.controlUrl, '/prometheus/stop'),
    startPrometheus: () => postControl(record.controlUrl, '/prometheus/start'),
  };
}
