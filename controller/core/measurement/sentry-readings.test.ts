import { crashFreeMeasurement, newIssuesMeasurement, sentryEventCounts, topIssueOf } from './sentry-readings.js';

const issue = (title: string, count: number) => ({ title, culprit: `at ${title}`, count, permalink: `https://sentry.example.com/issues/${title}/` });

describe('topIssueOf', () => {
  it('picks the issue with the most events, not the first listed', () => {
    expect(topIssueOf([issue('a', 2), issue('b', 9), issue('c', 5)])?.title).toBe('b');
  });

  it('keeps the first listed of equal counts', () => {
    expect(topIssueOf([issue('a', 9), issue('b', 9)])?.title).toBe('a');
  });

  it('is undefined without issues', () => {
    expect(topIssueOf([])).toBeUndefined();
  });
});

describe('newIssuesMeasurement', () => {
  it('counts the issues and names the release and the top issue with its link', () => {
    expect(newIssuesMeasurement('new-issues', 'shop@2', [issue('a', 2), issue('b', 9)])).toEqual({
      check: 'new-issues', kind: 'value', value: 2, detail: 'in release shop@2; top: b (9 events)', topIssue: issue('b', 9),
    });
  });

  it('is zero issues and no top issue when Sentry found none', () => {
    expect(newIssuesMeasurement('new-issues', 'shop@2', [])).toEqual({ check: 'new-issues', kind: 'value', value: 0, detail: 'in release shop@2', topIssue: undefined });
  });
});

describe('crashFreeMeasurement', () => {
  it('is no data, never 0 %, when the release has no sessions yet', () => {
    expect(crashFreeMeasurement('crash-free', 'shop@2', { crashFreeRate: null, sessions: 0 })).toEqual({ check: 'crash-free', kind: 'noData', reason: 'no sessions of release shop@2 yet' });
  });

  it('is a percentage of Sentry\'s 0..1 rate', () => {
    expect(crashFreeMeasurement('crash-free', 'shop@2', { crashFreeRate: 0.995, sessions: 400 })).toEqual({ check: 'crash-free', kind: 'value', value: 99.5, detail: 'over 400 sessions' });
  });
});

describe('sentryEventCounts', () => {
  it('counts a side whose request counter has no series, or a non-number, as 0 requests', () => {
    const measured = sentryEventCounts('sentry-errors', { canary: { events: 3, requests: undefined }, primary: { events: 1, requests: Number.NaN } });
    expect(measured).toEqual({ check: 'sentry-errors', kind: 'counts', unit: 'Sentry errors', counts: { canary: { events: 3, trials: 0 }, primary: { events: 1, trials: 0 } } });
  });

  it('keeps fractional request counts from increase() as they are', () => {
    const measured = sentryEventCounts('sentry-errors', { canary: { events: 3, requests: 250.5 }, primary: { events: 1, requests: 1000 } });
    expect(measured).toMatchObject({ counts: { canary: { trials: 250.5 }, primary: { trials: 1000 } } });
  });
});
