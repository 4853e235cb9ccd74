import type { MeshCounts } from '../mesh/traffic-counts.js';

/** Requests a customer or internal user saw fail: every 5xx (a 503 from a Service with no ready workload included) and every request no route accepted. */
export function failedRequests(counts: MeshCounts): number {
  return counts.total.internal.errors + counts.total.customer.errors + counts.notRouted.internal.requests + counts.notRouted.customer.requests;
}

/** Where the failed requests went, in words (per Service, then unrouted), for assertion messages. */
export function describeFailures(counts: MeshCounts): string {
  const parts = Object.entries(counts.services)
    .map(([service, c]) => ({ service, failed: c.internal.errors + c.customer.errors, total: c.internal.requests + c.customer.requests }))
    .filter((p) => p.failed > 0)
    .map((p) => `Service ${p.service}: ${p.failed} of ${p.total} failed (5xx)`);
  const unrouted = counts.notRouted.internal.requests + counts.notRouted.customer.requests;
  if (unrouted > 0) parts.push(`${unrouted} not routed (no route accepted them)`);
  return parts.length === 0 ? 'no failed requests' : parts.join('; ');
}
