// What every command of the CLI gets: the global options, where to write, and
// a connection to the cluster made only when a command asks for one (so
// `validate` and `completion` work offline, without a kubeconfig).
import type { KubeConfig } from '@kubernetes/client-node';
import type { Result } from '../core/result.js';
import type { CanaryClient } from './canary-client.js';

export const OUTPUT_FORMATS = ['table', 'json', 'yaml'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The options every command takes (kubectl's spelling): -n/--namespace, -A/--all-namespaces, --context, --kubeconfig, -o/--output, --request-timeout. */
export interface GlobalOptions {
  readonly namespace?: string;
  readonly allNamespaces: boolean;
  readonly context?: string;
  readonly kubeconfig?: string;
  readonly output: OutputFormat;
  /** Milliseconds one apiserver request may take (--request-timeout, default 30s); absent: no limit (--request-timeout 0). */
  readonly requestTimeoutMs?: number;
}

/** Where a command writes. `isTty` says whether stdout is a terminal (a live view redraws in place only then). */
export interface Terminal {
  readonly isTty: boolean;
  /** Columns of the terminal, when it is one. */
  readonly columns?: number;
  /** Rows of the terminal, when it is one. */
  readonly rows?: number;
  /** Writes text to stdout as it is (add the newline yourself). */
  write(text: string): void;
  /** Writes text to stderr as it is. */
  error(text: string): void;
}

/** The cluster as a command sees it: the kubeconfig (with --context applied), the namespace to use, and the Canary client. */
export interface ClusterConnection {
  readonly kubeConfig: KubeConfig;
  /** -n, else the namespace of the kubeconfig's context, else `default`. */
  readonly namespace: string;
  readonly client: CanaryClient;
}

export type ConnectionError = { readonly code: 'kubeconfig'; readonly message: string; readonly retryable: false };

/** Handed to every command's `run`. */
export interface CliContext {
  /** `songbird`, or `kubectl songbird` when run as kubectl-songbird; for messages and help. */
  readonly programName: string;
  readonly options: GlobalOptions;
  readonly terminal: Terminal;
  /** Aborted on SIGINT/SIGTERM; long-running commands (watch, dashboard) stop and return when it fires. */
  readonly signal: AbortSignal;
  /** $SHELL, read once by main.ts (the completion command's default shell). */
  readonly loginShell?: string;
  /**
   * Loads the kubeconfig once (honouring --kubeconfig and --context); an unreadable one or an unknown context is an error naming it.
   * Every request of the connection is stopped by `signal` and by --request-timeout.
   */
  connect(): Result<ClusterConnection, ConnectionError>;
}
