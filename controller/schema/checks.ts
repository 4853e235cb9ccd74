import { z } from 'zod';
import { secretKeyRefSchema } from './secret-key-ref.js';

// Each check is one variant of a union keyed on `type`; the CRD flattens the
// union into one object (Kubernetes structural schemas cannot express oneOf
// with different properties), the controller validates the exact variant.

const checkName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'lower-case letters, digits and dashes')
  .max(63)
  .describe('Unique name of the check, shown in status, Events and Slack.');

/** A query text (PromQL, WQL): something besides spaces. */
const queryText = z.string().min(1).regex(/\S/, 'a query, not only spaces');

/** A min above max lets no value pass: refused at `min`, naming both. */
function refuseMinAboveMax(check: { min?: number | undefined; max?: number | undefined }, ctx: z.RefinementCtx): void {
  if (check.min !== undefined && check.max !== undefined && check.min > check.max) {
    ctx.addIssue({ code: 'custom', path: ['min'], message: `min (${check.min}) is above max (${check.max}): no value could pass` });
  }
}

/** A Wavefront base URL carries nothing the check would send on: no query, fragment or user:password@ (the token comes from tokenSecretRef). */
function isBareBaseUrl(text: string): boolean {
  if (/[?#]/.test(text)) return false;
  try {
    const url = new URL(text);
    return url.username === '' && url.password === '';
  } catch {
    return true; // .url() reports it
  }
}

export const successRateCheckSchema = z.object({
  name: checkName,
  type: z.literal('successRate'),
  min: z.number().min(0).max(100).describe('Lowest acceptable percentage of non-5xx canary responses over the interval.'),
});

export const latencyCheckSchema = z.object({
  name: checkName,
  type: z.literal('latency'),
  percentile: z.number().gt(0).lt(100).default(99).describe('Latency percentile to measure (99 = p99).'),
  maxMs: z.number().positive().describe('Highest acceptable canary latency at the percentile, in milliseconds.'),
});

export const promqlCheckSchema = z
  .object({
    name: checkName,
    type: z.literal('promql'),
    query: queryText
      .describe('PromQL returning one number; {{ namespace }}, {{ target }} and {{ interval }} are replaced.'),
    min: z.number().optional().describe('Lowest acceptable value.'),
    max: z.number().optional().describe('Highest acceptable value.'),
  })
  .refine((check) => check.min !== undefined || check.max !== undefined, {
    message: 'a promql check needs min, max or both',
  })
  .superRefine(refuseMinAboveMax);

// Wavefront (Tanzu Observability): Flagger has no Wavefront provider; its providers for hosted
// services (datadog, dynatrace, splunk MetricTemplates) and Argo Rollouts' wavefront provider take
// the address per template or metric, with the token from a Secret, so each check names both.
export const wavefrontCheckSchema = z
  .object({
    name: checkName,
    type: z.literal('wavefront'),
    address: z
      .string()
      .url()
      .regex(/^https?:\/\//, 'an http(s) URL')
      .refine(isBareBaseUrl, 'a base URL without query, fragment or user:password@ (the token comes from tokenSecretRef)')
      .describe('Base URL of the Wavefront instance, e.g. https://example.wavefront.com; the check asks its /api/v2/chart/api.'),
    tokenSecretRef: secretKeyRefSchema.describe('Secret key holding a Wavefront API token (sent as a bearer token; the account needs no permission beyond reading metrics).'),
    query: queryText
      .describe('WQL returning one series; its last point is the value; {{ namespace }}, {{ target }} and {{ interval }} are replaced as in promql checks.'),
    min: z.number().optional().describe('Lowest acceptable value.'),
    max: z.number().optional().describe('Highest acceptable value.'),
  })
  .refine((check) => check.min !== undefined || check.max !== undefined, {
    message: 'a wavefront check needs min, max or both',
  })
  .superRefine(refuseMinAboveMax);

export const comparisonCheckSchema = z.object({
  name: checkName,
  type: z.literal('comparison'),
  metric: z
    .enum(['errors', 'latency', 'sentryErrors', 'sentrySlowTransactions'])
    .default('errors')
    .describe('errors: 5xx per request; latency: requests slower than latencyThresholdMs; sentryErrors: Sentry error events per request; sentrySlowTransactions: Sentry transactions of each release slower than latencyThresholdMs, per transaction.'),
  tolerance: z
    .number()
    .min(1)
    .default(1.2)
    .describe('The canary may be at most this many times worse than the primary (1.2 = 20 % worse) before it counts as worse.'),
  alpha: z
    .number()
    .gt(0)
    .max(0.2)
    .default(0.01)
    .describe('Bound on the probability of ever calling a healthy canary worse, over the whole rollout.'),
  minRequests: z
    .number()
    .int()
    .min(1)
    .default(200)
    .describe('Canary requests needed before the comparison may call the canary not worse.'),
  latencyThresholdMs: z
    .number()
    .positive()
    .default(500)
    .describe('For metric latency: a request slower than this (rounded down to an Istio bucket bound) counts as slow; for sentrySlowTransactions: a transaction longer than this (exactly) counts as slow.'),
});

export const sentryNewIssuesCheckSchema = z.object({
  name: checkName,
  type: z.literal('sentryNewIssues'),
  max: z.number().int().min(0).default(0).describe('Most new issues first seen in the canary release.'),
  levels: z.array(z.enum(['fatal', 'error', 'warning', 'info', 'debug'])).default(['error', 'fatal']),
});

export const sentryErrorRateCheckSchema = z.object({
  name: checkName,
  type: z.literal('sentryErrorRate'),
  maxRatio: z
    .number()
    .positive()
    .default(2)
    .describe('Highest acceptable ratio of canary error events per request to the primary release\'s.'),
  minRequests: z.number().int().min(1).default(100).describe('Canary requests needed before the ratio is judged.'),
});

export const sentryCrashFreeCheckSchema = z.object({
  name: checkName,
  type: z.literal('sentryCrashFreeSessions'),
  min: z
    .number()
    .min(0)
    .max(100)
    .describe('Lowest acceptable crash-free session percentage of the canary release. Sentry buckets sessions by the hour, so this suits rollouts of an hour or more; with no sessions yet it holds.'),
});

// Latency from Sentry's transactions (the events API, dataset=transactions): the canary release's
// duration percentile, against a fixed bound or against the primary release's same percentile.
export const sentryLatencyCheckSchema = z
  .object({
    name: checkName,
    type: z.literal('sentryLatency'),
    percentile: z
      .union([z.literal(50), z.literal(75), z.literal(95), z.literal(99)], { error: "one of 50, 75, 95, 99 (Sentry's p50() ... p99())" })
      .default(95)
      .describe('Percentile of transaction.duration: 50, 75, 95 or 99, as Sentry\'s functions p50() ... p99() compute it (95 = p95(transaction.duration)).'),
    maxMs: z.number().positive().optional().describe('Highest acceptable canary transaction duration at the percentile, in milliseconds.'),
    maxRatio: z
      .number()
      .min(1)
      .optional()
      .describe('Highest acceptable ratio of the canary release\'s percentile to the primary release\'s (1.5 = 50 % slower).'),
    minTransactions: z
      .number()
      .int()
      .min(1)
      .default(50)
      .describe('Transactions of the canary release (and, for maxRatio, of the primary\'s) needed before the percentile is judged.'),
  })
  .refine((check) => (check.maxMs === undefined) !== (check.maxRatio === undefined), {
    message: 'a sentryLatency check needs exactly one of maxMs and maxRatio',
  });

export const checkSchema = z.discriminatedUnion('type', [
  successRateCheckSchema,
  latencyCheckSchema,
  promqlCheckSchema,
  comparisonCheckSchema,
  sentryNewIssuesCheckSchema,
  sentryErrorRateCheckSchema,
  sentryCrashFreeCheckSchema,
  sentryLatencyCheckSchema,
  wavefrontCheckSchema,
]);

export type Check = z.infer<typeof checkSchema>;
export type CheckType = Check['type'];
export type ComparisonCheck = z.infer<typeof comparisonCheckSchema>;
export type SentryLatencyCheck = z.infer<typeof sentryLatencyCheckSchema>;

/**
 * The outside systems checks read, each with how many of its calls are in flight at once (the
 * rest wait): `calls` names them, `concurrency` is the default and `max` the highest allowed of its
 * SONGBIRD_<SYSTEM>_CONCURRENCY setting (runtime/config.ts reads one per entry). Each has a
 * provider (runtime/checks/providers.ts) and labels its failures in the metrics.
 */
export const METRIC_SYSTEM_CALLS = {
  prometheus: { calls: 'Prometheus queries', concurrency: 8, max: 256 },
  sentry: { calls: 'Sentry API calls', concurrency: 4, max: 64 },
  wavefront: { calls: 'Wavefront queries', concurrency: 4, max: 64 },
} as const satisfies Record<string, { calls: string; concurrency: number; max: number }>;
export type MetricSystem = keyof typeof METRIC_SYSTEM_CALLS;
/** Every metric system, in METRIC_SYSTEM_CALLS's order. */
export const METRIC_SYSTEMS = Object.keys(METRIC_SYSTEM_CALLS) as readonly MetricSystem[];

/** The system each comparison metric reads; a metric without one fails `tsc` here. */
const COMPARISON_SYSTEMS: { readonly [M in ComparisonCheck['metric']]: MetricSystem } = {
  errors: 'prometheus',
  latency: 'prometheus',
  sentryErrors: 'sentry',
  sentrySlowTransactions: 'sentry',
};

/** The system each check type reads; a check type without one fails `tsc` here. */
const CHECK_SYSTEMS: { readonly [K in CheckType]: (check: Extract<Check, { type: K }>) => MetricSystem } = {
  successRate: () => 'prometheus',
  latency: () => 'prometheus',
  promql: () => 'prometheus',
  comparison: (check) => COMPARISON_SYSTEMS[check.metric],
  sentryNewIssues: () => 'sentry',
  sentryErrorRate: () => 'sentry',
  sentryCrashFreeSessions: () => 'sentry',
  sentryLatency: () => 'sentry',
  wavefront: () => 'wavefront',
};

/**
 * The system a check reads, which its measurement failures are charged to
 * (the `system` label of songbird_adapter_errors_total). A Sentry check that
 * also counts requests in Prometheus (sentryErrorRate, a sentryErrors
 * comparison) is Sentry's: Sentry is the signal it adds.
 */
export function systemOfCheck(check: Check): MetricSystem {
  // TypeScript cannot tie CHECK_SYSTEMS[check.type] to check's own variant; the mapped type does.
  return (CHECK_SYSTEMS[check.type] as (check: Check) => MetricSystem)(check);
}

/** Whether a check reads Sentry, so it needs spec.sentry. */
export function readsSentry(check: Check): boolean {
  return systemOfCheck(check) === 'sentry';
}
