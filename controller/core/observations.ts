// What the runtime saw of the world before a step. Adapters gather it; the
// core only reads it.
import type { LatencyBucket, LatencySide } from './statistics/latency-comparison.js';

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { containers?: Array<{ name: string; image?: string; env?: EnvVar[]; envFrom?: EnvFromSource[] }> };
  [key: string]: unknown;
}

/** A container's env entry as the pod template holds it (core/v1 EnvVar): `valueFrom` is only noted, never read. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

/** A container's envFrom entry (core/v1 EnvFromSource): a whole ConfigMap or Secret, each key optionally prefixed. */
export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name?: string };
  secretRef?: { name?: string };
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

/** A count as the metric source answered it: undefined when nothing matched (no series), never read as 0 here. */
export type RawCount = number | undefined;

/** Cumulative histogram buckets of one workload, bounds as numbers (Infinity for +Inf); empty when it has no series. */
export type Histogram = LatencyBucket[];

/** One side of a latency comparison: its request counter and its histogram, over the same window. */
export type HistogramSide = LatencySide;

/**
 * What a metric source answered for one check, before anyone decided what an empty answer means
 * (signal-readings.ts does, in the core).
 * - successes: requests and non-5xx requests in the last `windowSeconds`.
 * - percentile: a latency percentile (ms) and the requests it covers, in the last `windowSeconds`.
 * - query: a user's PromQL, as rendered, and its one value.
 * - errorCounts / histograms: both sides of a comparison since the stage began.
 */
export type Reading =
  | { check: string; kind: 'successes'; windowSeconds: number; requests: RawCount; successful: RawCount }
  | { check: string; kind: 'percentile'; windowSeconds: number; requests: RawCount; valueMs: RawCount; metric: string }
  | { check: string; kind: 'query'; query: string; value: RawCount }
  | { check: string; kind: 'errorCounts'; canary: { errors: RawCount; requests: RawCount }; primary: { errors: RawCount; requests: RawCount } }
  | { check: string; kind: 'histograms'; metric: string; thresholdMs: number; canary: HistogramSide; primary: HistogramSide };

/** A check's answer in a form its limit can judge. */
export type JudgeableMeasurement =
  | { check: string; kind: 'value'; value: number; detail?: string; topIssue?: SentryIssueSummary }
  | { check: string; kind: 'counts'; counts: CountPair; unit: string }
  | { check: string; kind: 'noData'; reason: string }
  | { check: string; kind: 'error'; reason: string };

/** The answer of one check's signal, not yet judged against its limit. */
export type Measurement = JudgeableMeasurement | Reading;

export interface Analysis {
  measurements: Measurement[];
  /** Requests the canary served since the stage started (0 when they could not be counted: see stageRequestsError). */
  canaryRequestsInStage: number;
  /** Why the stage's requests could not be counted; then nobody may say "no traffic". */
  stageRequestsError?: string;
  /** Requests the canary served since the rollout started. */
  canaryRequestsInRollout: number;
  /** Whom the canary reached since the rollout started (core/blast-radius.ts); absent when not asked. */
  blastRadius?: BlastRadiusReading;
}

/** Raw counts as the metric source answered them (undefined: no series matched). */
export interface RawRequestCounts {
  requests: RawCount;
  errors: RawCount;
}

/**
 * The canary's requests since the rollout started, split by whom they reached:
 * `internal` through the `<svc>-internal` Service, `customers` every other one.
 * `ok: false` when a query failed (`reason` names it): never read as 0.
 */
export type BlastRadiusReading =
  | { ok: true; internal: RawRequestCounts; customers: RawRequestCounts }
  | { ok: false; reason: string };

/** The target's HorizontalPodAutoscaler (autoscaling/v2), as read. */
export interface AutoscalerObservation {
  name: string;
  /** spec.minReplicas (1 when unset, as Kubernetes defaults it). */
  minReplicas: number;
  maxReplicas: number;
}

/** One http route of a VirtualService: its name and its `match` list as written (undefined when it has none). */
export interface HttpRouteSummary {
  name?: string;
  match?: Array<Record<string, unknown>>;
}

/** A VirtualService of the Canary's namespace, as read, and how it relates to this Canary. */
export interface VirtualServiceSummary {
  name: string;
  namespace: string;
  /** metadata.creationTimestamp (RFC 3339): for sidecars, the oldest VirtualService of a host applies. */
  createdAt: string;
  /** owned: its controller ownerReference is this Canary; adopted: songbird.dev/adopted-by is this Canary's uid. */
  relation: 'owned' | 'adopted' | 'foreign';
  hosts: string[];
  /** spec.gateways as written ([] when absent, which means mesh). */
  gateways: string[];
  http: HttpRouteSummary[];
}

export interface Observations {
  generation: number;
  annotations: Record<string, string>;
  /** metadata.deletionTimestamp is set: the Canary is being removed. */
  deleting?: boolean;
  /** metadata.finalizers holds songbird.dev/hand-back. */
  finalizer?: boolean;
  /** The target's HorizontalPodAutoscaler, when it has one. */
  autoscaler?: AutoscalerObservation;
  /** Every VirtualService of the namespace (undefined when not read this time). */
  virtualServices?: VirtualServiceSummary[];
  /** The Deployment GitOps owns; it runs the canary. */
  target: WorkloadObservation;
  primary: WorkloadObservation;
  /** Present only when the runtime ran the checks this time (see plannedAnalysis). */
  analysis?: Analysis;
}
