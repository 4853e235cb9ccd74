// What every command naming one Canary does first: connect, read the NAME
// argument, read the Canary. A failure is told on stderr and answered with
// its exit code (2 for a bad argument, 130 when Ctrl-C/SIGTERM stopped the
// read, 1 otherwise).
import type { CanaryView } from './canary-client.js';
import type { CliContext, ClusterConnection } from './cli-context.js';
import { targetOf, type CanaryTarget } from './canary-target.js';
import { terminalSafeText } from './terminal-safe.js';

/** 128 + SIGINT, as a shell reports a command stopped by Ctrl-C. */
export const INTERRUPTED = 130;

export type Lookup = { ok: true; connection: ClusterConnection; target: CanaryTarget; view: CanaryView } | { ok: false; exitCode: number };

/** Writes `<program>: <message>` and a newline to stderr; control characters in the message (an apiserver's or proxy's text) shown as visible escapes. */
export function tellFailure(ctx: CliContext, message: string): void {
  ctx.terminal.error(`${ctx.programName}: ${terminalSafeText(message)}\n`);
}

/** Connects and reads the Canary NAME names (in -n, the context's namespace, or `ns/name`). */
export async function lookUpCanary(ctx: CliContext, name: string): Promise<Lookup> {
  const connected = ctx.connect();
  if (!connected.ok) {
    tellFailure(ctx, connected.error.message);
    return { ok: false, exitCode: 1 };
  }
  const target = targetOf(name, connected.value.namespace);
  if (!target.ok) {
    tellFailure(ctx, target.error.message);
    return { ok: false, exitCode: 2 };
  }
  const read = await connected.value.client.get(target.value.namespace, target.value.name);
  if (!read.ok) {
    tellFailure(ctx, read.error.message);
    return { ok: false, exitCode: ctx.signal.aborted ? INTERRUPTED : 1 };
  }
  return { ok: true, connection: connected.value, target: target.value, view: read.value };
}
