// Global teardown of the e2e jest project: stops the world the global setup
// started (through its control server, which then closes itself).
import { rm } from 'node:fs/promises';
import { readSharedWorldRecord, sharedWorldFile } from './world/shared-world-record.js';
import { postControl } from './world/world-control-server.js';

export default async function globalTeardown(): Promise<void> {
  const file = sharedWorldFile(process.env);
  const record = await readSharedWorldRecord(file);
  await postControl(record.controlUrl, '/stop');
  await rm(file, { force: true });
}
