import { createTrafficCounter } from '../mesh/traffic-counts.js';
import type { ServedRequest } from '../mesh/serve-request.js';
import { describeFailures, failedRequests } from './failed-requests.js';

const service = { name: 'podinfo-canary', namespace: 'shop' };
const unavailable: ServedRequest = { kind: 'unavailable', status: 503, service, reason: 'Service podinfo-canary has no ready workload' };
const notRouted: ServedRequest = { kind: 'not-routed', status: 404, reason: 'no route' };

describe('failedRequests', () => {
  it('counts 5xx and unrouted requests of both user kinds when traffic fails', () => {
    const counter = createTrafficCounter();
    counter.record(unavailable, 'customer');
    counter.record(unavailable, 'internal');
    counter.record(notRouted, 'customer');
    expect(failedRequests(counter.snapshot())).toBe(3);
    expect(describeFailures(counter.snapshot())).toBe('Service podinfo-canary: 2 of 2 failed (5xx); 1 not routed (no route accepted them)');
  });

  it('says so when nothing failed', () => {
    const counts = createTrafficCounter().snapshot();
    expect(failedRequests(counts)).toBe(0);
    expect(describeFailures(counts)).toBe('no failed requests');
  });
});
