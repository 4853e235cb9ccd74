import { durationBucketsIn, successfulIn } from './istio-telemetry.js';

describe('istio telemetry', () => {
  it('selects the destination workload in its namespace', () => {
    expect(successfulIn({ namespace: 'shop', workload: 'podinfo' }, 30)).toContain(
      'reporter="destination",destination_workload_namespace="shop",destination_workload="podinfo",response_code!~"5.."}[30s]',
    );
  });

  it('selects no le value when it reads the duration buckets, so either spelling of a bound is read', () => {
    expect(durationBucketsIn({ namespace: 'shop', workload: 'podinfo' }, 30)).not.toMatch(/le=/);
  });
});
