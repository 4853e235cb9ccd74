// The statistics the rollout core decides with: is the canary worse than the primary?
export { compareCounts, type ComparisonVerdict, type CountComparison, type CountComparisonInput, type StageCounts } from './count-comparison.js';
export { compareLatency, latencyBoundaryAt, type LatencyBucket, type LatencyComparisonInput, type LatencyStage } from './latency-comparison.js';
export { carryForward, wholeCounts, type EventCounts } from './observed-counts.js';
