// The CLI as a yargs program: the global options, the command table, help and
// completion. main.ts runs it on process.argv; tests run it on a loopback
// apiserver through `connect`.
import yargs, { type Argv } from 'yargs';
import type { Result } from '../core/result.js';
import type { CliContext, ClusterConnection, ConnectionError, GlobalOptions, Terminal } from './cli-context.js';
import { OUTPUT_FORMATS } from './cli-context.js';
import type { SongbirdCommand } from './command-module.js';
import { connectOnce } from './cluster-connection.js';
import type { RequestBounds } from './bounded-kube-config.js';
import { DEFAULT_REQUEST_TIMEOUT, parseRequestTimeout } from './request-timeout.js';
import { usageProblem } from './usage-checks.js';
import { packageVersion } from './package-version.js';
import { abortCommand } from './commands/abort.js';
import { completionCommand } from './commands/completion.js';
import { dashboardCommand } from './commands/dashboard.js';
import { getCommand } from './commands/get.js';
import { pauseCommand } from './commands/pause.js';
import { promoteCommand } from './commands/promote.js';
import { resumeCommand } from './commands/resume.js';
import { retryCommand } from './commands/retry.js';
import { statusCommand } from './commands/status.js';
import { validateCommand } from './commands/validate.js';
import { watchCommand } from './commands/watch.js';

/** What the program runs with besides its arguments. */
export interface ProgramEnvironment {
  readonly programName: string;
  readonly terminal: Terminal;
  readonly signal: AbortSignal;
  readonly loginShell?: string;
  /** What --version prints; default: the version of Songbird's package.json (package-version.ts). */
  readonly version?: string;
  /** How a command reaches the cluster, its requests stopped by `bounds`; default: the kubeconfig (cluster-connection.ts). */
  readonly connect?: (where: Pick<GlobalOptions, 'kubeconfig' | 'context' | 'namespace'>, bounds: RequestBounds) => () => Result<ClusterConnection, ConnectionError>;
}

const COMPLETION_KEY = '--get-yargs-completions';

/** The only commands that read more than one namespace; the others refuse -A rather than ignore it. */
const ALL_NAMESPACES = new Set(['get', 'dashboard']);

/**
 * Global options a command does not read, hidden from its help (yargs
 * `hide`); they stay accepted, as kubectl accepts its global flags everywhere.
 */
const UNUSED_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  validate: ['all-namespaces', 'context', 'kubeconfig'],
  completion: ['namespace', 'all-namespaces', 'context', 'kubeconfig', 'output'],
};

/** Commands that take a Canary NAME, whose names complete from the cluster. */
const NAMED = new Set(['get', 'status', 'watch', 'pause', 'resume', 'promote', 'abort', 'retry']);

/**
 * Runs the CLI on `args` (without node and the script) and resolves to the
 * exit code: the command's, 0 for --help, 2 for a usage error (yargs's
 * message and the usage on stderr).
 */
export async function runProgram(args: readonly string[], env: ProgramEnvironment): Promise<number> {
  let exitCode = 0;
  const connectTo = env.connect ?? connectOnce;
  const boundsOf = (options: GlobalOptions): RequestBounds => ({
    signal: env.signal,
    ...(options.requestTimeoutMs !== undefined ? { timeoutMs: options.requestTimeoutMs } : {}),
  });
  const contextOf = (options: GlobalOptions): CliContext => ({
    programName: env.programName,
    options,
    terminal: env.terminal,
    signal: env.signal,
    ...(env.loginShell !== undefined ? { loginShell: env.loginShell } : {}),
    connect: connectTo(options, boundsOf(options)),
  });
  const add = <A>(program: Argv<GlobalOptions>, command: SongbirdCommand<A>): Argv<GlobalOptions> => {
    const name = command.command.split(' ')[0]!;
    return program.command({
      command: command.command,
      describe: command.describe,
      builder: (yargs) => command.builder((UNUSED_OPTIONS[name] ?? []).reduce((y, option) => y.hide(option), yargs)),
      handler: async (parsed) => {
        // yargs's own .check() reports but lets an async command's handler run, so usage problems are refused here.
        const problem = usageProblem(args, parsed);
        if (problem) {
          env.terminal.error(`${env.programName} ${command.command.split(' ')[0]}: ${problem}\n`);
          exitCode = 2;
          return;
        }
        const options = globalOptionsOf(parsed);
        if (options.allNamespaces && !ALL_NAMESPACES.has(name)) {
          env.terminal.error(`${env.programName} ${name}: -A/--all-namespaces applies only to get and dashboard; name the namespace with -n NAMESPACE\n`);
          exitCode = 2;
          return;
        }
        // yargs types the handler's arguments as its camel-cased view of A, which for A's camel-case keys is A itself.
        exitCode = await command.run({ ...(parsed as unknown as A), ...options }, contextOf(options));
      },
    });
  };

  const base = yargs([...args])
    .scriptName(env.programName)
    .usage(`${env.programName} <command> [options]\n\nSongbird canary rollouts from the command line.`)
    .option('namespace', { alias: 'n', type: 'string', describe: "namespace (default: the kubeconfig context's, else default)" })
    .option('all-namespaces', { alias: 'A', type: 'boolean', default: false, describe: 'every namespace (get and dashboard only)' })
    .option('context', { type: 'string', describe: 'kubeconfig context to use' })
    .option('kubeconfig', { type: 'string', describe: 'kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)' })
    .option('output', { alias: 'o', choices: OUTPUT_FORMATS, default: 'table' as const, describe: 'output format' })
    .option('request-timeout', { type: 'string', default: DEFAULT_REQUEST_TIMEOUT, describe: 'give up on one apiserver request after this long, e.g. 10s or 2m (0: never)' })
    .completion('__complete', false, (current: string, argv: { _: unknown[] } & Record<string, unknown>, defaultCompletion: () => void, done: (completions: string[]) => void) => {
      const words = argv._.map(String);
      // words: the program, the command, then the word being completed.
      if (words.length === 3 && NAMED.has(words[1] ?? '') && !current.startsWith('-')) {
        const options = globalOptionsOf(argv);
        void canaryNames(connectTo(options, boundsOf(options)), current).then(done);
        return;
      }
      defaultCompletion();
    })
    .strict()
    .demandCommand(1, `Name a command; ${env.programName} --help lists them.`)
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version('version', 'print the version of songbird', env.version ?? packageVersion())
    .exitProcess(false)
    // yargs types the options by their kebab-case names; its parser also sets the camel-case ones GlobalOptions reads.
    .wrap(Math.min(120, env.terminal.columns ?? 100)) as unknown as Argv<GlobalOptions>;

  // The command table.
  let program = base;
  program = add(program, getCommand);
  program = add(program, statusCommand);
  program = add(program, watchCommand);
  program = add(program, pauseCommand);
  program = add(program, resumeCommand);
  program = add(program, promoteCommand);
  program = add(program, abortCommand);
  program = add(program, retryCommand);
  program = add(program, validateCommand);
  program = add(program, completionCommand);
  program = add(program, dashboardCommand);

  // The shell asks for candidates with every word typed after the key (yargs's completion protocol).
  const completionAt = args.indexOf(COMPLETION_KEY);
  if (completionAt >= 0) {
    const candidates = await program.getCompletion(args.slice(completionAt + 1)).catch(() => [] as string[]);
    env.terminal.write(candidates.map((c) => `${c}\n`).join(''));
    return 0;
  }
  let failure: Error | undefined;
  await program.parseAsync([...args], {}, (error, _argv, output) => {
    if (error) failure = error;
    if (output) (error ? env.terminal.error : env.terminal.write)(`${output}\n`);
  });
  if (failure) return exitCode === 0 ? 2 : exitCode;
  return exitCode;
}

/** The global options from yargs's parsed arguments (usage-checks.ts refused a repeated or empty one; an absent or mistyped one is its default). */
export function globalOptionsOf(parsed: Readonly<Record<string, unknown>>): GlobalOptions {
  const text = (key: string) => (typeof parsed[key] === 'string' ? (parsed[key] as string) : undefined);
  const output = OUTPUT_FORMATS.find((format) => format === parsed['output']) ?? 'table';
  const namespace = text('namespace');
  const context = text('context');
  const kubeconfig = text('kubeconfig');
  // Checked by usageProblem; absent (not through the program) or 0: no limit.
  const timeout = parseRequestTimeout(text('requestTimeout') ?? '0') ?? undefined;
  return {
    allNamespaces: parsed['allNamespaces'] === true,
    output,
    ...(timeout !== undefined ? { requestTimeoutMs: timeout } : {}),
    ...(namespace !== undefined ? { namespace } : {}),
    ...(context !== undefined ? { context } : {}),
    ...(kubeconfig !== undefined ? { kubeconfig } : {}),
  };
}

/** Canary names in the namespace starting with `prefix`, for completion; none when the cluster cannot be read. */
async function canaryNames(connect: () => Result<ClusterConnection, ConnectionError>, prefix: string): Promise<string[]> {
  const connected = connect();
  if (!connected.ok) return [];
  const listed = await connected.value.client.list(connected.value.namespace);
  return listed.ok ? listed.value.map((v) => v.name).filter((name) => name.startsWith(prefix)) : [];
}
