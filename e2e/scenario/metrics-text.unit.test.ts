import { describe, expect, it } from '@jest/globals';
import { metricSamples, metricValue } from './metrics-text.js';

const TEXT = [
  '# HELP songbird_canary_phase The phase.',
  '# TYPE songbird_canary_phase gauge',
  'songbird_canary_phase{namespace="shop",name="podinfo",phase="Progressing"} 1',
  'songbird_canary_phase{namespace="shop",name="podinfo",phase="Succeeded"} 0',
  'songbird_leader 1',
  'songbird_reconcile_duration_seconds_bucket{le="+Inf"} 12',
  'odd{message="a \\"quoted\\", comma"} 2.5 1700000000000',
].join('\n');

describe('metricSamples', () => {
  it('reads names, labels and values when lines have labels, none, escapes or timestamps', () => {
    expect(metricSamples(TEXT)).toEqual([
      { name: 'songbird_canary_phase', labels: { namespace: 'shop', name: 'podinfo', phase: 'Progressing' }, value: 1 },
      { name: 'songbird_canary_phase', labels: { namespace: 'shop', name: 'podinfo', phase: 'Succeeded' }, value: 0 },
      { name: 'songbird_leader', labels: {}, value: 1 },
      { name: 'songbird_reconcile_duration_seconds_bucket', labels: { le: '+Inf' }, value: 12 },
      { name: 'odd', labels: { message: 'a "quoted", comma' }, value: 2.5 },
    ]);
  });

  it('answers the matching sample when labels select one, and undefined when none matches', () => {
    expect(metricValue(TEXT, 'songbird_canary_phase', { phase: 'Progressing' })).toBe(1);
    expect(metricValue(TEXT, 'songbird_leader')).toBe(1);
    expect(metricValue(TEXT, 'songbird_canary_phase', { phase: 'Failed' })).toBeUndefined();
    expect(metricValue(TEXT, 'songbird_missing')).toBeUndefined();
  });

  it('never takes a longer name for the one asked (a histogram _count for its family)', () => {
    expect(metricValue('songbird_reconcile_duration_seconds_count 12', 'songbird_reconcile_duration_seconds')).toBeUndefined();
    expect(metricValue('songbird_reconcile_duration_seconds_count 12', 'songbird_reconcile_duration_seconds_count')).toBe(12);
  });
});
