
/** Where the controller's own unexpected errors (bugs, not rollout failures) go. */
export interface BugReporter {
  report(error: unknown, context: Record<string, string>): void;
  flush(timeoutMs?: number): Promise<boolean>;
}

const NOWHERE: BugReporter = { report: () => {}, flush: async () => true };

/**
 * A Sentry client of its own (no global Sentry.init), so tests and several
 * controllers never share state. `@sentry/node` is loaded only when a DSN is
 * set: it holds about 40 MiB that a controller without one never needs.
 */
export async function createBugReporter(dsn: string | undefined, release = 'songbird@0.1.0'): Promise<BugReporter> {
  if (!dsn) return NOWHERE;
  const { NodeClient, Scope, defaultStackParser, getDefaultIntegrations, makeNodeTransport } = await import('@sentry/node');
  const client = new NodeClient({
    dsn,
    release,
    environment: 'controller',
    sendDefaultPii: false,
    transport: makeNodeTransport,
    stackParser: defaultStackParser,
    integrations: getDefaultIntegrations({}).filter((i) => !['Http', 'NodeFetch', 'OnUncaughtException', 'OnUnhandledRejection'].includes(i.name)),
  });
  client.init();
  return {
    report(error, context) {
      const scope = new Scope();
      scope.setClient(client);
      scope.setTags(context);
      scope.captureException(error);
    },
    flush: async (timeoutMs = 2_000) => client.flush(timeoutMs),
  };
}
