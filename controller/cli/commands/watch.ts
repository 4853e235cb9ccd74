// `songbird watch NAME`: follows the rollout of the revision the Canary's
// target Deployment runs now, until it ends. On a terminal the status is
// redrawn in place; otherwise (CI logs) a line is printed per change. Exit
// code 0 when that revision Succeeded, 1 when it Failed (or --timeout passed):
// a pipeline step to run right after `kubectl apply`.
import { setTimeout as sleep } from 'node:timers/promises';
import { defineCommand } from '../command-module.js';
import { INTERRUPTED, lookUpCanary, tellFailure } from '../canary-lookup.js';
import type { CanaryView } from '../canary-client.js';
import type { CliContext, OutputFormat } from '../cli-context.js';
import { liveScreen } from '../live-screen.js';
import { structuredOutput } from '../structured-output.js';
import { targetRevisionReader } from '../target-revision.js';
import { changeLine, fitToScreen, screenSize, watchFrame } from '../watch-screen.js';
import { exitCodeOf, watchVerdict, type WatchVerdict } from '../watch-verdict.js';
import { parseDurationMs } from '../../schema/duration.js';
import { ANNOTATIONS } from '../../core/step.js';

export const watchCommand = defineCommand({
  command: 'watch <name>',
  describe: "Follow the rollout of the target Deployment's current revision until it ends: exit 0 when it succeeds, 1 when it fails",
  builder: (yargs) =>
    yargs
      .positional('name', { type: 'string', demandOption: true, describe: 'the Canary (dots allowed; or <namespace>/<name>)' })
      .option('interval', { type: 'number', default: 1, describe: 'seconds between reads of the Canary and its target' })
      .option('timeout', { type: 'string', describe: 'give up after this long with exit code 1, e.g. 30m or 1h30m (default: never)' }),
  run: async (args, ctx) => {
    // NaN (--interval abc) is refused by usage-checks.ts; 0 or less would poll without pause.
    if (!(args.interval > 0)) {
      tellFailure(ctx, `--interval ${args.interval}: give the seconds between reads, above 0 (e.g. 1 or 0.5)`);
      return 2;
    }
    const timeoutMs = args.timeout === undefined ? undefined : parseDurationMs(args.timeout);
    if (args.timeout !== undefined && !(timeoutMs !== undefined && timeoutMs > 0)) {
      tellFailure(ctx, `--timeout ${args.timeout}: not a duration such as 30s, 10m or 1h30m`);
      return 2;
    }
    const found = await lookUpCanary(ctx, args.name);
    if (!found.ok) return found.exitCode;
    const { client, kubeConfig } = found.connection;
    const { namespace, name } = found.target;
    const readRevision = targetRevisionReader(kubeConfig);
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    const show = viewer(ctx, args.output);
    let view: CanaryView = found.view;
    let verdict: WatchVerdict | undefined;
    try {
      for (;;) {
        const targetName = view.spec?.targetRef.name;
        if (targetName === undefined) {
          tellFailure(ctx, `Canary ${namespace}/${name}: its spec does not parse (the controller refuses it too), so its target Deployment is unknown; ${ctx.programName} validate -f FILE says what is wrong`);
          return 1;
        }
        const revision = await readRevision(namespace, targetName);
        if (!revision.ok && !revision.error.retryable) {
          tellFailure(ctx, revision.error.message);
          return 1;
        }
        if (!revision.ok) tellFailure(ctx, `${revision.error.message} (trying again)`);
        verdict = revision.ok ? watchVerdict(view.status, revision.value, view.annotations[ANNOTATIONS.retry]) : undefined;
        show(view, verdict);
        const code = verdict === undefined ? undefined : exitCodeOf(verdict);
        if (code !== undefined) return code;
        const left = deadline === undefined ? Infinity : deadline - Date.now();
        if (left <= 0) {
          tellFailure(ctx, `timed out after ${args.timeout} (--timeout) watching Canary ${namespace}/${name}: ${verdict?.message ?? 'the target revision could not be read'}`);
          return 1;
        }
        try {
          await sleep(Math.min(Math.max(0.1, args.interval) * 1000, left), undefined, { signal: ctx.signal });
        } catch {
          return INTERRUPTED;
        }
        const read = await client.get(namespace, name);
        if (ctx.signal.aborted) return INTERRUPTED; // Ctrl-C during the read
        if (read.ok) view = read.value;
        else if (!read.error.retryable) {
          tellFailure(ctx, read.error.message);
          return 1;
        } else tellFailure(ctx, `${read.error.message} (trying again)`);
      }
    } finally {
      show.done(verdict, view);
    }
  },
});

interface Viewer {
  /** Shows one read: `verdict` is undefined while the target's revision could not be read. */
  (view: CanaryView, verdict: WatchVerdict | undefined): void;
  /** Ends the view: the live screen stays as it is; a log gets a closing line when the watch reached its verdict. */
  done(verdict: WatchVerdict | undefined, view: CanaryView): void;
}

/** Shows each read: a redrawn frame on a terminal, a line per change elsewhere, an object per change with -o json|yaml. */
function viewer(ctx: CliContext, output: OutputFormat): Viewer {
  if (output !== 'table') {
    let last = '';
    return Object.assign(
      (view: CanaryView) => {
        const text = structuredOutput(view.object, output);
        if (text !== last) ctx.terminal.write(output === 'yaml' ? `---\n${text}` : text);
        last = text;
      },
      { done: () => undefined },
    );
  }
  if (ctx.terminal.isTty) {
    const screen = liveScreen(ctx.terminal);
    return Object.assign(
      (view: CanaryView, verdict: WatchVerdict | undefined) => {
        const { columns, rows } = screenSize(ctx.terminal);
        screen.show(fitToScreen(watchFrame(view, new Date(), verdict), columns, Math.max(2, rows - 1)));
      },
      { done: () => screen.done() },
    );
  }
  let lastLine = '';
  let lastVerdict = '';
  const log = (line: string) => ctx.terminal.write(`${new Date().toISOString()} ${line}\n`);
  return Object.assign(
    (view: CanaryView, verdict: WatchVerdict | undefined) => {
      const line = changeLine(view);
      if (line !== lastLine) log(line);
      lastLine = line;
      if (verdict && exitCodeOf(verdict) === undefined && verdict.message !== lastVerdict) log(verdict.message);
      lastVerdict = verdict?.message ?? lastVerdict;
    },
    {
      done: (verdict: WatchVerdict | undefined, view: CanaryView) => {
        if (verdict && exitCodeOf(verdict) !== undefined) ctx.terminal.write(`${view.status.phase ?? 'Unknown'}: ${verdict.message}\n`);
      },
    },
  );
}
