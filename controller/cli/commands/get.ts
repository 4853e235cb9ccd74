// `songbird get [NAME]`: the Canaries of a namespace (or -A) as a table, or
// as the apiserver stores them with -o json|yaml.
import { defineCommand } from '../command-module.js';
import { formatCanaryTable } from '../canary-table.js';
import { lookUpCanary, tellFailure } from '../canary-lookup.js';
import { structuredOutput } from '../structured-output.js';

export const getCommand = defineCommand({
  command: 'get [name]',
  describe: 'List Canaries: phase, stage, weights, failed checks, last result, age',
  builder: (yargs) => yargs.positional('name', { type: 'string', describe: 'only this Canary (dots allowed; or <namespace>/<name>)' }),
  run: async (args, ctx) => {
    const now = new Date();
    if (args.name !== undefined) {
      const found = await lookUpCanary(ctx, args.name);
      if (!found.ok) return found.exitCode;
      const { view } = found;
      ctx.terminal.write(args.output === 'table' ? formatCanaryTable([view], { allNamespaces: false, now }) : structuredOutput(view.object, args.output));
      return 0;
    }
    const connected = ctx.connect();
    if (!connected.ok) {
      tellFailure(ctx, connected.error.message);
      return 1;
    }
    const namespace = args.allNamespaces ? undefined : connected.value.namespace;
    const listed = await connected.value.client.list(namespace);
    if (!listed.ok) {
      tellFailure(ctx, listed.error.message);
      return 1;
    }
    const views = listed.value;
    ctx.terminal.write(
      args.output === 'table'
        ? formatCanaryTable(views, { allNamespaces: args.allNamespaces, ...(namespace ? { namespace } : {}), now })
        : structuredOutput(views.map((v) => v.object), args.output),
    );
    return 0;
  },
});
