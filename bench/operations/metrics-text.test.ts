import { sampleValue } from './metrics-text.js';

const TEXT = [
  '# HELP songbird_workqueue_depth Canaries waiting in the work queue.',
  '# TYPE songbird_workqueue_depth gauge',
  'songbird_workqueue_depth 1096',
  'songbird_leader 1',
  'songbird_reconcile_duration_seconds_bucket{le="0.005"} 3',
  'songbird_reconcile_duration_seconds_count 12',
  'songbird_reconcile_duration_seconds_sum 0.75',
].join('\n');

describe('sampleValue', () => {
  it('reads an unlabelled sample when the name matches exactly', () => {
    expect(sampleValue(TEXT, 'songbird_workqueue_depth')).toBe(1096);
    expect(sampleValue(TEXT, 'songbird_reconcile_duration_seconds_count')).toBe(12);
  });

  it('reads a labelled sample when the name is followed by labels', () => {
    expect(sampleValue(TEXT, 'songbird_reconcile_duration_seconds_bucket')).toBe(3);
  });

  it('answers undefined when only a longer name starts with it', () => {
    expect(sampleValue(TEXT, 'songbird_reconcile_duration_seconds')).toBeUndefined();
  });
});
