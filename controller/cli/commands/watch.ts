// `songbird watch NAME`: follows a rollout until it ends. On a terminal the
// status is redrawn in place; otherwise (CI logs) a line is printed per
// change. Exit code 0 when it Succeeded, 1 when it Failed: a pipeline step.
import { setTimeout as sleep } from 'node:timers/promises';
import { defineCommand } from '../command-module.js';
import { lookUpCanary, tellFailure } from '../canary-lookup.js';
import type { CanaryView } from '../canary-client.js';
import type { CliContext, OutputFormat } from '../cli-context.js';
import { structuredOutput } from '../structured-output.js';
import { changeLine, exitCodeOf, fitToScreen, redraw, rowsOf, watchFrame } from '../watch-screen.js';

/** 128 + SIGINT, as a shell reports a command stopped by Ctrl-C. */
const INTERRUPTED = 130;

export const watchCommand = defineCommand({
  command: 'watch <name>',
  describe: 'Follow a rollout live until it ends: exit 0 when it succeeds, 1 when it fails',
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true, describe: 'the Canary (dots allowed; or <namespace>/<name>)' })
      .option('interval', { type: 'number', default: 1, describe: 'seconds between reads of the Canary' }),
  run: async (args, ctx) => {
    const found = await lookUpCanary(ctx, args.name);
    if (!found.ok) return found.exitCode;
    const { client } = found.connection;
    const { namespace, name } = found.target;
    const show = viewer(ctx, args.output);
    let view: CanaryView = found.view;
    for (;;) {
      show(view);
      const code = exitCodeOf(view);
      if (code !== undefined) {
        if (!ctx.terminal.isTty && args.output === 'table') ctx.terminal.write(`${view.status.phase}: ${view.status.reason ?? ''}\n`);
        return code;
      }
      try {
        await sleep(Math.max(0.1, args.interval) * 1000, undefined, { signal: ctx.signal });
      } catch {
        return INTERRUPTED;
      }
      const read = await client.get(namespace, name);
      if (read.ok) view = read.value;
      else if (!read.error.retryable) {
        tellFailure(ctx, read.error.message);
        return 1;
      } else tellFailure(ctx, `${read.error.message} (trying again)`);
    }
  },
});

/** Shows each read: a redrawn frame on a terminal, a line per change elsewhere, an object per change with -o json|yaml. */
function viewer(ctx: CliContext, output: OutputFormat): (view: CanaryView) => void {
  let rows = 0;
  let last = '';
  return (view) => {
    if (output !== 'table') {
      const text = structuredOutput(view.object, output);
      if (text !== last) ctx.terminal.write(output === 'yaml' ? `---\n${text}` : text);
      last = text;
      return;
    }
    if (ctx.terminal.isTty) {
      const columns = ctx.terminal.columns ?? 80;
      const frame = fitToScreen(watchFrame(view, new Date()), columns, Math.max(2, (ctx.terminal.rows ?? 24) - 1));
      ctx.terminal.write(redraw(rows, frame));
      rows = rowsOf(frame, columns);
      return;
    }
    const line = changeLine(view);
    if (line !== last) ctx.terminal.write(`${new Date().toISOString()} ${line}\n`);
    last = line;
  };
}
