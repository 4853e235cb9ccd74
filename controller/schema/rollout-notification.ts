import { z } from 'zod';
import { checkResultSchema } from './canary-status.js';

// What people are told about a rollout, as data: the core decides it, the
// outbox in the status keeps it as JSON until Slack accepted it, and the
// Slack renderer turns it into a message. The schema checks an entry read
// back from the status (anyone with access to the status subresource can
// write one), so nothing that does not fit is ever posted.

const rolloutRefSchema = z.object({ namespace: z.string(), name: z.string(), service: z.string(), revision: z.string() });
const countsSchema = z.object({ requests: z.number().int().min(0), errors: z.number().int().min(0) });
/** Whom the canary reached (core/blast-radius.ts Reach); `atLeast`: measured before the rollout's end, it may have grown since. */
export const reachSchema = z.object({ internal: countsSchema, customers: countsSchema, measuredAt: z.string(), atLeast: z.boolean() });
export type Reach = z.infer<typeof reachSchema>;
const sentryIssueSummarySchema = z.object({ title: z.string(), culprit: z.string(), count: z.number(), permalink: z.string() });

export const rolloutNotificationSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('rolloutStarted'), rollout: rolloutRefSchema, fromRevision: z.string(), stages: z.array(z.string()) }),
  z.object({
    kind: z.literal('stageAdvanced'),
    rollout: rolloutRefSchema,
    stage: z.string(),
    canaryWeight: z.number(),
    internalToCanary: z.boolean(),
    checks: z.array(checkResultSchema),
  }),
  z.object({ kind: z.literal('promoted'), rollout: rolloutRefSchema, durationMs: z.number(), canaryRequests: z.number(), reach: reachSchema.optional() }),
  z.object({
    kind: z.literal('rolledBack'),
    rollout: rolloutRefSchema,
    reason: z.string().describe("Why, ending with the reach in words (core/blast-radius.ts reachSentence)."),
    reach: reachSchema.optional(),
    failingCheck: checkResultSchema.optional(),
    topIssue: sentryIssueSummarySchema.optional(),
    stage: z.string(),
  }),
  z.object({ kind: z.literal('halted'), state: z.enum(['halted', 'waiting']), rollout: rolloutRefSchema, reason: z.string(), unblock: z.string() }),
]);

/**
 * A notification read back from `status.outbox[].notification` (JSON), or
 * why it cannot be one, naming the first field that does not fit.
 */
export function parseRolloutNotification(json: string): { ok: true; notification: z.infer<typeof rolloutNotificationSchema> } | { ok: false; message: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` };
  }
  const parsed = rolloutNotificationSchema.safeParse(raw);
  if (parsed.success) return { ok: true, notification: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: `${['notification', ...issue.path].join('.')}: ${issue.message}` };
}
