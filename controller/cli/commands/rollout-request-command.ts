// pause, resume, promote, abort and retry are one kind of command: read the
// Canary, decide the annotation patch (rollout-requests.ts), write it.
import { defineCommand, type SongbirdCommand } from '../command-module.js';
import { lookUpCanary, tellFailure } from '../canary-lookup.js';
import { patchFor, type RolloutRequest } from '../rollout-requests.js';

/** The command `request <name>` with its help line. */
export function rolloutRequestCommand(request: RolloutRequest, describe: string): SongbirdCommand<{ name: string }> {
  return defineCommand({
    command: `${request} <name>`,
    describe,
    builder: (yargs) => yargs.positional('name', { type: 'string', demandOption: true, describe: 'the Canary (dots allowed; or <namespace>/<name>)' }),
    run: async (args, ctx) => {
      const found = await lookUpCanary(ctx, args.name);
      if (!found.ok) return found.exitCode;
      const patch = patchFor(request, found.view);
      if (!patch.ok) {
        tellFailure(ctx, patch.error.message);
        return 1;
      }
      const written = await found.connection.client.annotate(found.target.namespace, found.target.name, patch.value.annotations);
      if (!written.ok) {
        tellFailure(ctx, written.error.message);
        return 1;
      }
      ctx.terminal.write(`${patch.value.done}\n`);
      return 0;
    },
  });
}
