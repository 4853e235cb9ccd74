// Runs the mesh stand-in for the demo against a cluster: prints the metrics
// address, takes rate changes on stdin, stops on SIGINT/SIGTERM.
//   npx tsx e2e/mesh/run-mesh.ts --kubeconfig <path> --namespace demo --host podinfo --internal-rps 2 --customer-rps 10
import { createInterface } from 'node:readline';
import { safeStartMesh } from './mesh.js';
import { readRunMeshConfig } from './run-mesh-config.js';

const config = readRunMeshConfig(process.argv.slice(2), process.env);
if (!config.ok) {
  process.stderr.write(`${config.message}\n`);
  process.exit(2);
}
const started = await safeStartMesh(config.options);
if (!started.ok) {
  process.stderr.write(`mesh did not start (${started.error.code}): ${started.error.message}\n`);
  process.exit(1);
}
const { mesh } = started;
const { options } = config;
process.stdout.write(`mesh stand-in for host ${options.host} in namespace ${options.namespace}\n`);
process.stdout.write(`metrics: ${mesh.metricsUrl}\nprometheus target: ${mesh.metricsTarget}\n`);
process.stdout.write(`rates: internal ${options.internalRps}/s, customer ${options.customerRps}/s; identity ${JSON.stringify(options.identity)}\n`);

const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const [command, ...args] = line.trim().split(/\s+/);
  if (command === 'rates' && args.length === 2 && args.every((a) => Number.isFinite(Number(a)))) {
    mesh.setRates({ internalRps: Number(args[0]), customerRps: Number(args[1]) });
    process.stdout.write(`rates now ${JSON.stringify(mesh.rates())}\n`);
  } else if (command === 'counts') {
    process.stdout.write(`${JSON.stringify(mesh.counts(), null, 2)}\n`);
  } else if (command) {
    process.stdout.write('commands: "rates <internal> <customer>", "counts"\n');
  }
});

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  input.close();
  process.stdout.write(`${signal}: stopping; counts ${JSON.stringify(mesh.counts().total)}\n`);
  mesh.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
void mesh.trafficDone.then(() => process.stdout.write('traffic reached its limit; metrics stay up until SIGINT/SIGTERM\n'));
