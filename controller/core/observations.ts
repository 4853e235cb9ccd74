// What the runtime saw of the world before a step. Adapters gather it; the
// core only reads it.

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: Array<{ name: string; image?: string; env?: Array<{ name: string; value?: string }> }> };
  [key: string]: unknown;
}

export interface WorkloadObservation {
  exists: boolean;
  /** Hash of the pod template (for the primary: the revision it was given). */
  revision?: string;
  template?: PodTemplate;
  /** spec.replicas */
  replicas: number;
  /** Every replica of the current template is updated and available. */
  available: boolean;
  /** spec.selector.matchLabels */
  selector?: Record<string, string>;
}

export interface SentryIssueSummary {
  title: string;
  culprit: string;
  count: number;
  permalink: string;
}

export interface CountPair {
  canary: { events: number; trials: number };
  primary: { events: number; trials: number };
}

/** The answer of one check's signal, not yet judged against its limit. */
export type Measurement =
  | { check: string; kind: 'value'; value: number; detail?: string; topIssue?: SentryIssueSummary }
  | { check: string; kind: 'counts'; counts: CountPair; unit: string }
  | { check: string; kind: 'noData'; reason: string }
  | { check: string; kind: 'error'; reason: string };

export interface Analysis {
  measurements: Measurement[];
  /** Requests the canary served since the stage started. */
  canaryRequestsInStage: number;
  /** Requests the canary served since the rollout started. */
  canaryRequestsInRollout: number;
}

export interface Observations {
  generation: number;
  annotations: Record<string, string>;
  /** The Deployment GitOps owns; it runs the canary. */
  target: WorkloadObservation;
  primary: WorkloadObservation;
  /** Present only when the runtime ran the checks this time (see plannedAnalysis). */
  analysis?: Analysis;
}
