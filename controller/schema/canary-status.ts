import { z } from 'zod';

export const PHASES = [
  'Initializing',
  'Initialized',
  'Waiting',
  'Progressing',
  'Promoting',
  'Finalising',
  'Succeeded',
  'Failed',
  'Terminating',
] as const;
export const phaseSchema = z.enum(PHASES);
export type Phase = z.infer<typeof phaseSchema>;

export const checkOutcomeSchema = z.enum(['pass', 'fail', 'noData', 'insufficient', 'error']);
export type CheckOutcome = z.infer<typeof checkOutcomeSchema>;

export const checkResultSchema = z.object({
  name: z.string(),
  type: z.string(),
  outcome: checkOutcomeSchema,
  value: z.number().nullable().describe('The measured value, null when it could not be measured.'),
  limit: z.string().describe('The limit in words, e.g. ">= 99 %".'),
  message: z.string().describe('What was measured against what, in words.'),
  measuredAt: z.string(),
  bounds: z
    .object({ min: z.number().optional(), max: z.number().optional() })
    .optional()
    .describe('The limit as numbers in the unit of value (a chart draws them); absent when the limit is not a number.'),
  band: z
    .object({ lower: z.number(), upper: z.number() })
    .optional()
    .describe("Comparisons only: the anytime-valid confidence band of the canary-to-primary ratio that value estimates."),
  link: z.string().optional().describe('A page that shows the evidence, e.g. the Sentry issue behind a failed check.'),
});
export type CheckResult = z.infer<typeof checkResultSchema>;

export const conditionSchema = z.object({
  type: z.string(),
  status: z.enum(['True', 'False', 'Unknown']),
  reason: z.string(),
  message: z.string(),
  observedGeneration: z.number().int().optional(),
  lastTransitionTime: z.string(),
});
export type Condition = z.infer<typeof conditionSchema>;

const countsSchema = z.object({ events: z.number(), trials: z.number() });

export const comparisonHistorySchema = z.object({
  check: z.string(),
  stages: z
    .array(z.object({ canary: countsSchema, primary: countsSchema }))
    .describe('Counts of each finished stage alone, so the evidence stays exact when the traffic split changes.'),
});
export type ComparisonHistory = z.infer<typeof comparisonHistorySchema>;

export const outboxChannelSchema = z.object({
  channel: z.string().describe('A notifier channel, e.g. slack or jira.'),
  state: z.enum(['sent', 'refused', 'retrying']).describe('sent and refused are final: the channel is not sent this entry again.'),
});
export type OutboxChannel = z.infer<typeof outboxChannelSchema>;

export const outboxEntrySchema = z.object({
  id: z.string().describe('The notification id (rollout id and what happened); a restart sends it under the same id.'),
  notification: z.string().describe('The notification as JSON, rendered for the channel when it is sent.'),
  queuedAt: z.string(),
  attempts: z.number().int().min(0).describe('Deliveries tried so far.'),
  lastTriedAt: z.string().optional().describe('When the last delivery failed; the next waits 15 s, doubling per attempt.'),
  channels: z
    .array(outboxChannelSchema)
    .optional()
    .describe('What each channel made of it so far; a retry goes only to channels that have neither sent nor refused it.'),
});
export type OutboxEntry = z.infer<typeof outboxEntrySchema>;

const requestCountsSchema = z.object({
  requests: z.number().int().min(0),
  errors: z.number().int().min(0).describe('Requests answered 5xx.'),
});

export const blastRadiusSchema = z
  .object({
    internal: requestCountsSchema.describe('Requests internal users sent to the canary (through <svc>-internal), and the errors among them.'),
    customers: requestCountsSchema.describe('Every other request the canary answered (customers), and the errors among them.'),
    measuredAt: z.string(),
  })
  .describe("Whom this rollout's canary reached, from Istio's istio_requests_total since the rollout started.");
export type BlastRadius = z.infer<typeof blastRadiusSchema>;

export const timelinePointSchema = z.object({
  at: z.string(),
  phase: phaseSchema,
  stage: z.string().optional(),
  canaryWeight: z.number().int(),
  internalToCanary: z.boolean(),
  checks: z
    .array(
      z.object({
        name: z.string(),
        outcome: checkOutcomeSchema,
        value: z.number().nullable(),
        min: z.number().optional(),
        max: z.number().optional(),
        lower: z.number().optional(),
        upper: z.number().optional(),
      }),
    )
    .describe('Each check as measured at this point, with its limit (min/max) and, for comparisons, its band (lower/upper).'),
  blastRadius: blastRadiusSchema.optional(),
});
export type TimelinePoint = z.infer<typeof timelinePointSchema>;

export const MAX_TIMELINE_POINTS = 120;
export const MAX_ROLLOUT_HISTORY = 10;

export const rolloutRecordSchema = z.object({
  number: z.number().int().min(1),
  revision: z.string(),
  result: z.enum(['promoted', 'rolledBack']),
  startedAt: z.string(),
  finishedAt: z.string(),
  reason: z.string(),
  blastRadius: blastRadiusSchema.optional(),
});
export type RolloutRecord = z.infer<typeof rolloutRecordSchema>;

export const canaryStatusSchema = z.object({
  phase: phaseSchema.optional(),
  observedGeneration: z.number().int().optional(),
  canaryRevision: z.string().optional().describe('Pod-template hash of the revision under test.'),
  lastPromotedRevision: z.string().optional(),
  failedRevision: z.string().optional().describe('The last revision that was rolled back; it is not retried.'),
  stageIndex: z.number().int().optional().describe('0 is the internal stage when there is one, then the weighted steps.'),
  stageName: z.string().optional(),
  stageStartedAt: z.string().optional(),
  rolloutStartedAt: z.string().optional(),
  rolloutNumber: z.number().int().min(1).optional().describe('Counts rollouts of this Canary; names the Events, notifications and Sentry markers of the current one.'),
  lastAnalysisAt: z.string().optional(),
  canaryWeight: z.number().int().optional(),
  internalToCanary: z.boolean().optional(),
  failedChecks: z.number().int().optional(),
  checks: z.array(checkResultSchema).optional(),
  comparisons: z.array(comparisonHistorySchema).optional().describe('Evidence of comparison checks from finished stages of this rollout.'),
  internalRequests: z.number().optional().describe('Internal requests served by the canary during the internal stage.'),
  canaryRequests: z.number().optional().describe('Requests served by the canary in this rollout.'),
  blastRadius: blastRadiusSchema.optional(),
  timeline: z
    .array(timelinePointSchema)
    .max(MAX_TIMELINE_POINTS)
    .optional()
    .describe(`This rollout's analyses and stage changes, oldest first; at most ${MAX_TIMELINE_POINTS} points (older ones are thinned).`),
  history: z
    .array(rolloutRecordSchema)
    .max(MAX_ROLLOUT_HISTORY)
    .optional()
    .describe(`The last ${MAX_ROLLOUT_HISTORY} finished rollouts, newest first.`),
  replicas: z.number().int().optional().describe('Replicas of the primary, and of the canary while it runs.'),
  reason: z.string().optional().describe('Why the last transition happened, in words.'),
  lastTransitionTime: z.string().optional(),
  handedBackAt: z.string().optional().describe('When the Canary is being deleted: when the Service clients call was handed back to the target.'),
  actionFailure: z
    .object({ action: z.string(), message: z.string(), since: z.string() })
    .optional()
    .describe('An action (a route write, a scale) that keeps failing, and since when; it counts against progressDeadlineSeconds.'),
  outbox: z.array(outboxEntrySchema).optional().describe('Notifications decided but not yet accepted by their channel; delivered after each status write, also after a restart.'),
  notified: z.array(z.string()).optional().describe('Ids of notifications already sent, so a restart sends none twice.'),
  conditions: z.array(conditionSchema).optional(),
});
export type CanaryStatus = z.infer<typeof canaryStatusSchema>;
