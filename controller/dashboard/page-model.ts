// What the dashboard page draws, decided from the JSON the handler sends
// (canary-view.ts), without the DOM or Chart.js: tones of phases and check
// outcomes, the weights in words, chart series over the rollout's timeline
// (x: seconds since the rollout started), the blast radius in words, and
// which links may be followed. The page (dashboard/web/main.ts) only draws.
import type { BlastRadius, CheckOutcome, CheckResult, Phase, TimelinePoint } from '../schema/canary-status.js';
import type { DashboardCanary } from './dashboard-api.js';

/** good: green, bad: red, active: blue, warn: amber, idle: grey. */
export type Tone = 'good' | 'bad' | 'active' | 'warn' | 'idle';

export function phaseTone(phase: Phase | undefined): Tone {
  switch (phase) {
    case 'Succeeded':
      return 'good';
    case 'Failed':
      return 'bad';
    case 'Progressing':
    case 'Promoting':
    case 'Finalising':
      return 'active';
    case 'Terminating':
    case 'Waiting':
      return 'warn';
    case 'Initializing':
    case 'Initialized':
    case undefined:
      return 'idle';
    default:
      return unknownPhase(phase);
  }
}

function unknownPhase(phase: never): Tone {
  return phase;
}

/** fail and error are red: the check holds the rollout back; noData and insufficient amber; pass green. */
export function outcomeTone(outcome: CheckOutcome): Tone {
  return outcome === 'pass' ? 'good' : outcome === 'fail' || outcome === 'error' ? 'bad' : 'warn';
}

/** Why a check did not pass (its message, e.g. the Sentry token Secret is missing); '' for a passing one, whose message only repeats the value. */
export function checkReason(check: Pick<CheckResult, 'outcome' | 'message'>): string {
  return check.outcome === 'pass' ? '' : check.message;
}

/** e.g. "primary 90 % · canary 10 %", with "· internal users on the canary" while they are routed there. */
export function weightsText(status: DashboardCanary['status']): string {
  const canary = status.canaryWeight ?? 0;
  const internal = status.internalToCanary ? ' · internal users on the canary' : '';
  return `primary ${100 - canary} % · canary ${canary} %${internal}`;
}

/** A check's limit as the controller worded it, with the comparison band when there is one. */
export function limitText(check: Pick<CheckResult, 'limit' | 'band'>): string {
  return check.band ? `${check.limit} (band ${round(check.band.lower)}–${round(check.band.upper)})` : check.limit;
}

/** e.g. "214 requests, 31 errors" for internal users and customers; undefined before the first measurement. */
export function blastRadiusText(blast: BlastRadius | undefined): { internal: string; customers: string } | undefined {
  if (!blast) return undefined;
  const words = (counts: { requests: number; errors: number }) =>
    `${counts.requests} request${counts.requests === 1 ? '' : 's'}, ${counts.errors} error${counts.errors === 1 ? '' : 's'}`;
  return { internal: words(blast.internal), customers: words(blast.customers) };
}

/** `link` when it is an http(s) address, else undefined: a status field must not become a javascript: link. */
export function safeLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** The evidence behind a rollback or a failing check: the first safe link of a failing check, else of any check. */
export function evidenceLink(checks: readonly CheckResult[] | undefined): string | undefined {
  const all = checks ?? [];
  const failing = all.filter((c) => outcomeTone(c.outcome) === 'bad');
  return [...failing, ...all].map((c) => safeLink(c.link)).find((link) => link !== undefined);
}

export interface XY {
  readonly x: number;
  readonly y: number;
}

/** Seconds from the rollout's start (status.rolloutStartedAt, else the first point) to each point. */
export function timelineOrigin(canary: DashboardCanary): number | undefined {
  const start = canary.status.rolloutStartedAt ?? canary.status.timeline?.[0]?.at;
  return start === undefined ? undefined : Date.parse(start);
}

const secondsFrom = (origin: number, at: string): number => Math.round((Date.parse(at) - origin) / 100) / 10;

/** The canary's weight at each timeline point (a stepped line). */
export function weightSeries(canary: DashboardCanary): XY[] {
  const origin = timelineOrigin(canary);
  if (origin === undefined) return [];
  return (canary.status.timeline ?? []).map((point) => ({ x: secondsFrom(origin, point.at), y: point.canaryWeight }));
}

/**
 * Where each stage began on the timeline (its first point) and the highest
 * canary weight it reached (a stage's first point may be recorded before its
 * routes are set, at the previous weight).
 */
export function stageMarks(canary: DashboardCanary): Array<{ x: number; stage: string; weight: number }> {
  const origin = timelineOrigin(canary);
  if (origin === undefined) return [];
  const marks: Array<{ x: number; stage: string; weight: number }> = [];
  for (const point of canary.status.timeline ?? []) {
    const stage = point.stage ?? point.phase;
    const last = marks.at(-1);
    if (last?.stage === stage) last.weight = Math.max(last.weight, point.canaryWeight);
    else marks.push({ x: secondsFrom(origin, point.at), stage, weight: point.canaryWeight });
  }
  return marks;
}

/** One check over the timeline: its values (failing ones flagged), its limit and, for comparisons, its band. */
export interface CheckSeries {
  readonly name: string;
  readonly values: ReadonlyArray<XY & { readonly failing: boolean }>;
  readonly min: readonly XY[];
  readonly max: readonly XY[];
  readonly lower: readonly XY[];
  readonly upper: readonly XY[];
}

/** Every check that appears on the timeline, in order of first appearance, with its series. */
export function checkSeries(canary: DashboardCanary): CheckSeries[] {
  const origin = timelineOrigin(canary);
  if (origin === undefined) return [];
  const series = new Map<string, { values: Array<XY & { failing: boolean }>; min: XY[]; max: XY[]; lower: XY[]; upper: XY[] }>();
  for (const point of canary.status.timeline ?? ([] as TimelinePoint[])) {
    const x = secondsFrom(origin, point.at);
    for (const check of point.checks) {
      const s = series.get(check.name) ?? { values: [], min: [], max: [], lower: [], upper: [] };
      series.set(check.name, s);
      if (check.value !== null) s.values.push({ x, y: check.value, failing: outcomeTone(check.outcome) === 'bad' });
      if (check.min !== undefined) s.min.push({ x, y: check.min });
      if (check.max !== undefined) s.max.push({ x, y: check.max });
      if (check.lower !== undefined) s.lower.push({ x, y: check.lower });
      if (check.upper !== undefined) s.upper.push({ x, y: check.upper });
    }
  }
  return [...series].map(([name, s]) => ({ name, ...s }));
}

/** Seconds as m:ss (or h:mm:ss), for the charts' x axis. */
export function clockText(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A measured value for a table cell: up to 3 significant decimals, "—" when not measured. */
export function valueText(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : String(round(value));
}

const round = (value: number): number => Math.round(value * 1000) / 1000;
