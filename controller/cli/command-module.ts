// One command of the CLI, as each file under controller/cli/commands/ exports
// it. The program (program.ts) adds each to yargs with the global options and
// turns `run`'s answer into the exit code. Each file exports its command as
// `<name>Command` (getCommand, watchCommand, dashboardCommand, ...).
import type { Argv } from 'yargs';
import type { CliContext, GlobalOptions } from './cli-context.js';

/**
 * A command module. `A` is the command's own arguments (positionals and
 * options) as its `builder` declares them.
 * - `command`: the yargs command string, e.g. `status <name>` or `dashboard`.
 * - `describe`: one line for `--help`.
 * - `builder`: declares the positionals and options (with their own describe lines) on top of the global ones.
 * - `run`: does the work and resolves to the exit code (0 success, 1 failure, 2 misuse). Expected failures are
 *   written to `ctx.terminal.error` and answered with a code; only bugs throw.
 */
export interface SongbirdCommand<A> {
  readonly command: string;
  readonly describe: string;
  readonly builder: (yargs: Argv<GlobalOptions>) => Argv<A>;
  readonly run: (args: A & GlobalOptions, ctx: CliContext) => Promise<number>;
}

/** Keeps a command's argument type while checking it against SongbirdCommand. */
export function defineCommand<A>(command: SongbirdCommand<A>): SongbirdCommand<A> {
  return command;
}
