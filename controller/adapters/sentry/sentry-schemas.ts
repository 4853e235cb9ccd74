// The shapes of Sentry's answers that the adapter relies on, and nothing more.
import { z } from 'zod';

// A decimal as Sentry writes numbers in JSON strings: digits, an optional fraction and exponent.
// No sign, no blanks, no hex/octal/binary prefixes, no Infinity/NaN (Number() would take "" as 0
// and "0x10" as 16).
const DECIMAL = /^(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A count or a duration from Sentry: a finite, non-negative number, or a string holding a
 * decimal one (issue counts are strings in Sentry's API). Anything else is an issue at the
 * field's path, which the adapter's badResponse message names.
 */
export const sentryNumber = z.union([z.number(), z.string()]).transform((v, ctx) => {
  const n = typeof v === 'number' ? v : DECIMAL.test(v) ? Number(v) : Number.NaN;
  if (!Number.isFinite(n) || n < 0) {
    ctx.addIssue({ code: 'custom', message: `not a finite, non-negative decimal number: ${JSON.stringify(typeof v === 'string' ? v.slice(0, 20) : v)}` });
    return z.NEVER;
  }
  return n;
});
/**
 * GET /api/0/organizations/{org}/issues/ : an array of issues (count is a string in Sentry).
 * `firstSeen`, `lastSeen` and `culprit` are nullable in Sentry's schema
 * (getsentry/sentry-api-schema, listOrganizationIssues).
 */
export const issueListSchema = z.array(
  z.object({
    id: z.string(),
    shortId: z.string(),
    title: z.string(),
    culprit: z.string().nullish().transform((c) => c ?? ''),
    level: z.string(),
    count: sentryNumber,
    userCount: sentryNumber.nullish().transform((c) => c ?? 0),
    permalink: z.string(),
    firstSeen: z.string().nullable(),
    lastSeen: z.string().nullable(),
    project: z.object({ slug: z.string() }).partial().nullish(),
  }),
);

/** GET /api/0/organizations/{org}/events/?field=count() : {data: [{"count()": n}], meta}. */
export const eventsCountSchema = z.object({
  data: z.array(z.object({ 'count()': sentryNumber })),
});

/**
 * GET /api/0/organizations/{org}/events/ with aggregate fields: one row keyed by each field as
 * asked (e.g. "p95(transaction.duration)"); a percentile over no rows may be null.
 */
export const eventsRowSchema = z.object({
  data: z.array(z.record(z.string(), z.union([sentryNumber, z.null()]))),
});

/** GET /api/0/organizations/{org}/sessions/ : totals per group. */
export const sessionsSchema = z.object({
  start: z.string(),
  end: z.string(),
  groups: z.array(
    z.object({
      totals: z.record(z.string(), sentryNumber.nullable()),
    }),
  ),
});

/** POST/GET /api/0/organizations/{org}/releases/ */
export const releaseSchema = z.object({ version: z.string() });

/** /api/0/organizations/{org}/releases/{version}/deploys/ (DeployResponseSerializer in release_deploys.py). */
export const deploySchema = z.object({
  id: z.string(),
  environment: z.string(),
  name: z.string().nullish(),
  dateFinished: z.string().nullish(),
});
export const deployListSchema = z.array(deploySchema);
