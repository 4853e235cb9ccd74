// `songbird dashboard [--port 8090] [--address 127.0.0.1] [-n NS | -A] [--context C]`:
// serves the read-only rollout dashboard (controller/dashboard/) on this
// machine over its own watch of Canaries through the kubeconfig, until
// Ctrl-C. It asks nothing of the controller, so it works with any replica
// down, and shows only what the kubeconfig's user may list.
import { once } from 'node:events';
import { defineCommand } from '../command-module.js';
import { tellFailure } from '../canary-lookup.js';
import { watchCanaries, type CanaryWatch } from '../../dashboard/canary-watch.js';
import { startDashboardServer } from '../../dashboard/dashboard-server.js';

export const DEFAULT_DASHBOARD_PORT = 8090;

/** Which Canaries to watch and what to tell the person, from the options; a pure function for tests. */
export function dashboardPlan(options: { allNamespaces: boolean; namespace: string; address: string }): { namespace: string | undefined; notice: string | undefined } {
  const loopback = options.address === '127.0.0.1' || options.address === '::1' || options.address === 'localhost';
  return {
    namespace: options.allNamespaces ? undefined : options.namespace,
    notice: loopback
      ? undefined
      : `the dashboard has no login: anyone who reaches ${options.address} sees these Canaries (as your kubeconfig user may list them)`,
  };
}

export const dashboardCommand = defineCommand({
  command: 'dashboard',
  describe: 'Serve the read-only rollout dashboard on this machine (Ctrl-C stops it)',
  builder: (yargs) =>
    yargs
      .option('port', { type: 'number', default: DEFAULT_DASHBOARD_PORT, describe: 'the local port (0 picks a free one)' })
      .option('address', { type: 'string', default: '127.0.0.1', describe: 'the address to listen on; keep it local, the dashboard has no login' }),
  run: async (args, ctx) => {
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65_535) {
      tellFailure(ctx, `--port ${args.port}: must be a whole number from 0 to 65535`);
      return 2;
    }
    const connected = ctx.connect();
    if (!connected.ok) {
      tellFailure(ctx, connected.error.message);
      return 1;
    }
    const plan = dashboardPlan({ allNamespaces: args.allNamespaces, namespace: connected.value.namespace, address: args.address });
    if (plan.notice) tellFailure(ctx, plan.notice);
    // The watch starts only once the port is taken: a busy port starts nothing that would keep the process alive.
    let watch: CanaryWatch | undefined;
    const openSource = (): CanaryWatch => (watch = watchCanaries(connected.value.kubeConfig, plan.namespace));
    const server = await startDashboardServer({ host: args.address, port: args.port, openSource }).catch((error: Error) => error);
    if (server instanceof Error) {
      await watch?.stop();
      tellFailure(ctx, `${server.message} (try another --port)`);
      return 1;
    }
    const where = plan.namespace === undefined ? 'all namespaces' : `namespace ${plan.namespace}`;
    ctx.terminal.write(`Songbird dashboard of ${where} (context ${connected.value.kubeConfig.getCurrentContext()}): ${server.url}\nRead-only; Ctrl-C stops it.\n`);
    if (!ctx.signal.aborted) await once(ctx.signal, 'abort');
    await server.close();
    await watch?.stop();
    return 0;
  },
});
