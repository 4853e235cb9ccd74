// A controller under test, as the bench drives it: its CRDs, the Canary it
// is given for a Deployment (both mirror one rollout: 30 s interval, steps
// 10/25/50 %, one Prometheus check), how it is started, which status field
// changes once per analysis, and which of its log lines are errors.
import type { KubeConfig } from '@kubernetes/client-node';
import type { ControllerRun } from '../operations/controller-run.js';
import type { ControllerName, ScaleSettings } from './settings.js';

/** Phases in which a Canary waits for a new revision (both controllers name them alike). */
export const IDLE_PHASES: ReadonlySet<string> = new Set(['Initialized', 'Succeeded', 'Failed']);
/** Phases that count as Initialized. */
export const INITIALIZED_PHASES: ReadonlySet<string> = new Set(['Initialized', 'Succeeded']);

/** Step weights of every rollout, in percent of the traffic. */
export const STEP_WEIGHTS = [10, 25, 50] as const;

/**
 * The one check both controllers evaluate once per analysis, the same way:
 * the target's request rate as Istio reports it, or 0 when there is no
 * traffic (the world has no mesh traffic, so the builtin success-rate and
 * duration checks would have no data), against min 0. Both controllers
 * replace {{ namespace }}, {{ target }} and {{ interval }} in it.
 */
export const REQUEST_RATE_QUERY =
  'sum(rate(istio_requests_total{reporter="destination",destination_workload_namespace="{{ namespace }}",destination_workload="{{ target }}"}[{{ interval }}])) or on() vector(0)';

export interface CustomResource {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
}

export interface StartInput {
  readonly kubeconfigPath: string;
  readonly prometheusUrl: string;
  readonly logFile: string;
}

export interface Contender {
  readonly name: ControllerName;
  /** For the table, e.g. "Flagger 1.36.1". */
  readonly label: string;
  readonly canaries: CustomResource;
  /** Installs its CRDs (once, before any run). */
  install(admin: KubeConfig, adminKubeconfigPath: string): Promise<void>;
  /** Objects to create in each namespace before its Canaries (apiVersion/kind/metadata set). */
  namespaceObjects(namespace: string, settings: ScaleSettings, prometheusUrl: string): Array<{ resource: CustomResource; body: object }>;
  /** The Canary for Deployment `name`. */
  canary(namespace: string, name: string, settings: ScaleSettings): object;
  start(input: StartInput): ControllerRun | Promise<ControllerRun>;
  /** A value of the Canary's status that changes once per analysis; undefined before the first. */
  analysisMarker(status: Readonly<Record<string, unknown>>): string | undefined;
  /** What analysisMarker reads, for the report. */
  readonly analysisMarkerField: string;
  isErrorLine(line: string): boolean;
}
