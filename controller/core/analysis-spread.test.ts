import { describe, expect, it } from '@jest/globals';
import { ANALYSIS_SPREAD, BUSY_POLL_MS, analysisSpreadMs, nextReconcileDelayMs } from './analysis-plan.js';
import type { CanarySpec } from '../schema/canary-spec.js';

const INTERVAL = 30_000;
const spec = { analysis: { interval: '30s' } } as unknown as CanarySpec;

describe('analyses of many Canaries are spread over the interval', () => {
  const keys = Array.from({ length: 1_000 }, (_, i) => ({ namespace: `team-${i % 10}`, name: `svc-${i}` }));

  it('puts each Canary off by the same amount every time, less than a tenth of the interval', () => {
    for (const key of keys) {
      const spread = analysisSpreadMs(key, INTERVAL);
      expect(spread).toBeGreaterThanOrEqual(0);
      expect(spread).toBeLessThan(ANALYSIS_SPREAD * INTERVAL);
      expect(analysisSpreadMs({ ...key }, INTERVAL)).toBe(spread);
    }
  });

  it('spreads 1,000 Canaries evenly: every tenth of the spread window holds 60 to 140 of them', () => {
    const window = ANALYSIS_SPREAD * INTERVAL;
    const buckets = new Array<number>(10).fill(0);
    for (const key of keys) buckets[Math.floor((analysisSpreadMs(key, INTERVAL) / window) * 10)]! += 1;
    for (const count of buckets) {
      expect(count).toBeGreaterThanOrEqual(60);
      expect(count).toBeLessThanOrEqual(140);
    }
  });

  it('wakes the first analysis of a rollout at its interval plus its spread, never later than 1.1 intervals', () => {
    const started = new Date('2026-12-06T03:00:00Z');
    const status = { phase: 'Progressing' as const, stageStartedAt: started.toISOString() };
    const key = { namespace: 'shop', name: 'checkout' };
    const delay = nextReconcileDelayMs(spec, status, started, key);
    expect(delay).toBe(INTERVAL + analysisSpreadMs(key, INTERVAL));
    expect(delay).toBeLessThan(1.1 * INTERVAL);
    expect(nextReconcileDelayMs(spec, status, started)).toBe(INTERVAL);
  });

  it('wakes every later analysis one interval after the one before: the spread is not paid again at each gap', () => {
    const analysed = new Date('2026-12-06T03:00:31Z');
    const key = { namespace: 'shop', name: 'checkout' };
    expect(analysisSpreadMs(key, INTERVAL)).toBeGreaterThan(0);
    const sameStage = { phase: 'Progressing' as const, stageStartedAt: '2026-12-06T03:00:00Z', lastAnalysisAt: analysed.toISOString() };
    expect(nextReconcileDelayMs(spec, sameStage, analysed, key)).toBe(INTERVAL);
    const advanced = { ...sameStage, stageStartedAt: analysed.toISOString() };
    expect(nextReconcileDelayMs(spec, advanced, analysed, key)).toBe(INTERVAL);
  });

  it('sets no timer for a Canary at rest: only a watched change or the resync wakes it', () => {
    const long = new Date('2026-12-06T03:00:00Z');
    const rested = (phase: 'Initialized' | 'Succeeded' | 'Failed') => ({ phase, lastTransitionTime: '2026-12-06T02:00:00Z' });
    for (const phase of ['Initialized', 'Succeeded', 'Failed'] as const) expect(nextReconcileDelayMs(spec, rested(phase), long)).toBeUndefined();
    expect(nextReconcileDelayMs(spec, { phase: 'Promoting', lastTransitionTime: '2026-12-06T02:59:59Z' }, long)).toBe(BUSY_POLL_MS);
  });

  it('sets no timer for a suspended Canary mid-rollout: its analysis is frozen, so a due one would wake it every 100 ms', () => {
    const started = new Date('2026-12-06T03:00:00Z');
    const status = { phase: 'Progressing' as const, stageStartedAt: started.toISOString(), lastAnalysisAt: started.toISOString() };
    const later = new Date(started.getTime() + 10 * INTERVAL);
    expect(nextReconcileDelayMs(spec, status, later)).toBe(100);
    expect(nextReconcileDelayMs({ ...spec, suspend: true } as CanarySpec, status, later)).toBeUndefined();
  });
});
