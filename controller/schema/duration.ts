import { z } from 'zod';

// Go-style durations as Flagger and Argo users write them: "30s", "1m", "1h30m", "500ms".
const DURATION_PATTERN = /^(\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

export function parseDurationMs(text: string): number | undefined {
  if (!DURATION_PATTERN.test(text)) return undefined;
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit!]!;
  return total;
}

export const durationSchema = z
  .string()
  .regex(DURATION_PATTERN, 'a duration such as "30s", "2m" or "1h30m"')
  .describe('A duration such as "30s", "2m" or "1h30m".');

/**
 * A duration (durationSchema) of at least `minimum` (itself a duration, e.g. "1s"); shorter is
 * refused with "at least <minimum> (<why>)". The CRD carries the same bound as a CEL rule:
 * Kubernetes CEL's duration() reads Go durations, which durationSchema's texts all are.
 */
export function durationAtLeast(minimum: string, why: string) {
  const minimumMs = parseDurationMs(minimum)!;
  const message = `at least ${minimum} (${why})`;
  return durationSchema
    .refine((text) => (parseDurationMs(text) ?? minimumMs) >= minimumMs, message)
    .meta({ 'x-kubernetes-validations': [{ rule: `duration(self) >= duration('${minimum}')`, message }] });
}
