// `songbird status NAME`: the rollout of one Canary in full.
import { defineCommand } from '../command-module.js';
import { lookUpCanary } from '../canary-lookup.js';
import { formatStatusReport } from '../status-report.js';
import { structuredOutput } from '../structured-output.js';

export const statusCommand = defineCommand({
  command: 'status <name>',
  describe: 'Show a rollout: stages, every check with its value and limit, comparisons with their band, blast radius, history',
  builder: (yargs) => yargs.positional('name', { type: 'string', demandOption: true, describe: 'the Canary (dots allowed; or <namespace>/<name>)' }),
  run: async (args, ctx) => {
    const found = await lookUpCanary(ctx, args.name);
    if (!found.ok) return found.exitCode;
    ctx.terminal.write(args.output === 'table' ? formatStatusReport(found.view, new Date()) : structuredOutput(found.view.object, args.output));
    return 0;
  },
});
