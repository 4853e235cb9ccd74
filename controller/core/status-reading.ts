// Reading the status a controller wrote before, without ever taking a status
// that does not parse for "no status" (which would start the Canary afresh:
// copy the untested revision into the primary, lose history and notified ids).
import type { z } from 'zod';
import type { Action } from './actions.js';
import { setCondition } from './conditions.js';
import {
  MAX_ROLLOUT_HISTORY,
  MAX_TIMELINE_POINTS,
  canaryStatusSchema,
  conditionSchema,
  rolloutRecordSchema,
  timelinePointSchema,
  type CanaryStatus,
} from '../schema/canary-status.js';

/** One field of a stored status that did not parse: `field` is its path (`status.timeline`), `message` says what was wrong and what was done. */
export interface StatusProblem {
  readonly field: string;
  readonly message: string;
}

/**
 * What a stored status reads as:
 * - `read`: a status to decide from. `repairs` lists the fields that did not
 *   parse and were trimmed or dropped (empty when the status parsed as is);
 *   the caller writes the repaired status and reports each repair.
 * - `hold`: a field the decisions rest on did not parse; nothing may be
 *   decided. `stored` is the status as stored (undefined when it is not an
 *   object at all), to be written back unchanged but for a condition.
 */
export type StatusReading =
  | { readonly kind: 'read'; readonly status: CanaryStatus; readonly repairs: readonly StatusProblem[] }
  | { readonly kind: 'hold'; readonly stored: Readonly<Record<string, unknown>> | undefined; readonly problems: readonly StatusProblem[] };

/**
 * Reads `raw` (the Canary's `.status` as the apiserver sent it) with
 * canaryStatusSchema (schema/canary-status.ts). No status (undefined/null) is
 * a new Canary. A status that does not parse is never taken for none:
 *
 * (a) `status.timeline` and `status.history` are Songbird's own bounded
 *     records (at most MAX_TIMELINE_POINTS = 120 points, oldest first; at
 *     most MAX_ROLLOUT_HISTORY = 10 rollouts, newest first), and Songbird
 *     itself keeps only the newest that many. One that is too long is
 *     trimmed to its newest entries, every other field kept, and the repair
 *     reported. The timeline is only shown, never decided from, so its points
 *     that do not parse are dropped too (and a timeline that is not a list);
 *     the history's newest rollouts decide a retry (core/retry-request.ts),
 *     so a history entry that does not parse holds, as in (b).
 * (b) Any other field (phase, revisions, rolloutNumber, outbox, notified,
 *     conditions, ...) is what the phase machine decides from: guessing it
 *     could promote, roll back or re-initialise a Canary on a wrong belief, so
 *     the Canary is held instead (see holdUnreadableStatus) until a person
 *     corrects the field. Such a status reaches the controller when a CRD
 *     upgrade tightens the schema (validation ratcheting keeps stored values),
 *     on an install without the CRD's schema, or after a downgrade.
 *
 * Pure; problems name the field by its path and say what was wrong.
 */
export function readCanaryStatus(raw: unknown): StatusReading {
  if (raw === undefined || raw === null) return { kind: 'read', status: {}, repairs: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { kind: 'hold', stored: undefined, problems: [{ field: 'status', message: `status: expected an object, found ${Array.isArray(raw) ? 'an array' : typeof raw}` }] };
  }
  const stored = raw as Readonly<Record<string, unknown>>;
  const whole = canaryStatusSchema.safeParse(stored);
  if (whole.success) return { kind: 'read', status: whole.data, repairs: [] };

  const candidate: Record<string, unknown> = { ...stored };
  const repairs: StatusProblem[] = [];
  const broken = new Set(whole.error.issues.map((issue) => issue.path[0]));
  if (broken.has('timeline')) repairList(candidate, 'timeline', timelinePointSchema, MAX_TIMELINE_POINTS, 'oldestFirst', true, repairs);
  if (broken.has('history')) repairList(candidate, 'history', rolloutRecordSchema, MAX_ROLLOUT_HISTORY, 'newestFirst', false, repairs);
  const repaired = canaryStatusSchema.safeParse(candidate);
  if (repaired.success) return { kind: 'read', status: repaired.data, repairs };
  return { kind: 'hold', stored, problems: repaired.error.issues.map(problemOf) };
}

/**
 * Drops the entries of `candidate[key]` that do not parse with `item` (only
 * when `dropBroken`; else they stay, for the caller's parse to refuse), then
 * keeps the newest `max` of them: the last ones of a list kept `oldestFirst`,
 * the first ones of a list kept `newestFirst`. Records each repair in `repairs`.
 */
function repairList(candidate: Record<string, unknown>, key: 'timeline' | 'history', item: z.ZodType, max: number, order: 'oldestFirst' | 'newestFirst', dropBroken: boolean, repairs: StatusProblem[]): void {
  const field = `status.${key}`;
  const list = candidate[key];
  if (!Array.isArray(list)) {
    if (!dropBroken) return;
    delete candidate[key];
    repairs.push({ field, message: `${field}: expected a list; dropped it` });
    return;
  }
  const parsing = dropBroken ? list.filter((entry) => item.safeParse(entry).success) : list;
  if (parsing.length < list.length) {
    const first = list.findIndex((entry) => !item.safeParse(entry).success);
    const issue = item.safeParse(list[first]).error?.issues[0];
    const where = `${field}[${first}]${issue && issue.path.length > 0 ? pathText(issue.path) : ''}`;
    repairs.push({ field, message: `${where}: ${issue?.message ?? 'does not parse'}; dropped ${list.length - parsing.length} of ${list.length} entries that do not parse` });
  }
  if (parsing.length > max) {
    repairs.push({ field, message: `${field}: at most ${max} items, found ${parsing.length}; kept the ${max} newest` });
    candidate[key] = order === 'oldestFirst' ? parsing.slice(parsing.length - max) : parsing.slice(0, max);
  } else {
    candidate[key] = parsing;
  }
}

function pathText(path: ReadonlyArray<PropertyKey>): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
}

function problemOf(issue: z.core.$ZodIssue): StatusProblem {
  const field = `status${pathText(issue.path)}`;
  return { field, message: `${field}: ${issue.message}` };
}

/** What holding a Canary writes and records: the stored status with a condition (undefined: write nothing), and a Warning Event. */
export interface Hold {
  readonly status: Readonly<Record<string, unknown>> | undefined;
  readonly actions: readonly Extract<Action, { type: 'recordEvent' }>[];
}

export const STATUS_UNREADABLE = 'StatusUnreadable';
export const STATUS_REPAIRED = 'StatusRepaired';

/**
 * Holds a Canary whose status did not parse (a `hold` reading): no routing,
 * scaling, promotion, rollback or notification, only a Warning Event
 * `StatusUnreadable` and the condition Ready=False with the same message,
 * which names each field and how to correct it. The status is written back as
 * stored but for that condition, so the next reconcile holds again until a
 * person corrects the field (a `conditions` list that itself does not parse
 * is replaced by that one condition). `canary` names the Canary in the
 * message; `generation` is metadata.generation; `now` the reconcile's time.
 */
export function holdUnreadableStatus(reading: Extract<StatusReading, { kind: 'hold' }>, canary: { namespace: string; name: string }, generation: number, now: Date): Hold {
  const fields = reading.problems.map((p) => p.message).join('; ');
  const message = `${fields}. Songbird holds this Canary (no routing, scaling, promotion or rollback) until the status is corrected: kubectl edit canary ${canary.name} -n ${canary.namespace} --subresource=status`;
  const event = { type: 'recordEvent' as const, id: `status-unreadable:${fields}`, eventType: 'Warning' as const, reason: STATUS_UNREADABLE, message };
  if (!reading.stored) return { status: undefined, actions: [event] };
  const conditions = conditionSchema.array().safeParse(reading.stored.conditions ?? []);
  const next = setCondition(conditions.success ? conditions.data : [], { type: 'Ready', status: 'False', reason: STATUS_UNREADABLE, message }, generation, now.toISOString());
  return { status: { ...reading.stored, conditions: next }, actions: [event] };
}

/** The Warning Event `StatusRepaired` that reports the repairs of a `read` reading; none when nothing was repaired. */
export function statusRepairEvents(repairs: readonly StatusProblem[]): Hold['actions'] {
  if (repairs.length === 0) return [];
  const message = repairs.map((r) => r.message).join('; ');
  return [{ type: 'recordEvent', id: `status-repaired:${message}`, eventType: 'Warning', reason: STATUS_REPAIRED, message }];
}
