// What Sentry's answers mean for a check: the top new issue, crash-free sessions with none yet,
// and error events per request. Decisions only: the runtime's Sentry check modules hand over
// what Sentry answered (and the request counts Prometheus answered) unchanged.
import type { CountPair, JudgeableMeasurement, RawCount, SentryIssueSummary } from '../observations.js';

/** An issue as Sentry answered it: its event count over the query's window, a link and a title. */
export type SeenIssue = SentryIssueSummary;

/**
 * The issue a rollback names: the one with the most events (`count`); of equal counts, the one
 * Sentry listed first. Undefined when there is none.
 */
export function topIssueOf(issues: readonly SeenIssue[]): SeenIssue | undefined {
  return issues.reduce<SeenIssue | undefined>((top, issue) => (top === undefined || issue.count > top.count ? issue : top), undefined);
}

/** sentryNewIssues: the number of issues first seen in the canary's release, naming the top one. */
export function newIssuesMeasurement(check: string, release: string, issues: readonly SeenIssue[]): JudgeableMeasurement {
  const top = topIssueOf(issues);
  const detail = top ? `; top: ${top.title} (${top.count} events)` : '';
  const topIssue = top ? { title: top.title, culprit: top.culprit, count: top.count, permalink: top.permalink } : undefined;
  return { check, kind: 'value', value: issues.length, detail: `in release ${release}${detail}`, topIssue };
}

/**
 * sentryCrashFreeSessions: the crash-free share (0..1 as Sentry answers it) as a percentage. No
 * sessions yet (`null`) is no data, which holds the stage: Sentry buckets sessions by the hour.
 */
export function crashFreeMeasurement(check: string, release: string, answer: { crashFreeRate: number | null; sessions: number }): JudgeableMeasurement {
  if (answer.crashFreeRate === null) return { check, kind: 'noData', reason: `no sessions of release ${release} yet` };
  return { check, kind: 'value', value: answer.crashFreeRate * 100, detail: `over ${answer.sessions} sessions` };
}

/** Sentry's error events of each side and the requests Prometheus counted for it over the same window. */
export interface SentryEventsSeen {
  canary: { events: number; requests: RawCount };
  primary: { events: number; requests: RawCount };
}

/**
 * sentryErrorRate and comparisons of sentryErrors: Sentry error events per request. A side whose
 * request counter has no series served no request (0 trials), so the limit sees "not enough
 * requests" rather than an error; a count that is not a finite number is treated the same way.
 */
export function sentryEventCounts(check: string, seen: SentryEventsSeen): JudgeableMeasurement {
  const trials = (requests: RawCount) => (requests !== undefined && Number.isFinite(requests) ? requests : 0);
  const counts: CountPair = {
    canary: { events: seen.canary.events, trials: trials(seen.canary.requests) },
    primary: { events: seen.primary.events, trials: trials(seen.primary.requests) },
  };
  return { check, kind: 'counts', unit: 'Sentry errors', counts };
}
