// `make world`: starts the local Kubernetes world in the foreground for
// people, prints how to use it, and stops it cleanly on Ctrl-C.
//   npx tsx e2e/world/run-world.ts [--nodes N] [--dir DIR]
import { parseArgs } from 'node:util';
import { startWorld } from './world.js';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { nodes: { type: 'string' }, dir: { type: 'string' } } });
  const nodes = values.nodes === undefined ? undefined : Number.parseInt(values.nodes, 10);
  const world = await startWorld({ dir: values.dir, nodes, log: (line) => console.log(line) });
  console.log(
    [
      '',
      'The Songbird world is running. In another shell:',
      `  export KUBECONFIG=${world.kubeconfigPath}`,
      '  kubectl get nodes',
      `Kubernetes API: ${world.apiServerUrl}`,
      `Prometheus:     ${world.prometheusUrl}`,
      `Logs and data:  ${world.dir}`,
      'Press Ctrl-C to stop it.',
    ].join('\n'),
  );
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the world...`);
    world.stop().then(
      () => {
        console.log('stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
