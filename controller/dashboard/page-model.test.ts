import { describe, expect, it } from '@jest/globals';
import { PHASES } from '../schema/canary-status.js';
import { dashboardCanaryOf } from './canary-view.js';
import { canaryObject, progressingStatus } from './fake-canaries.js';
import {
  blastRadiusText,
  checkReason,
  checkSeries,
  clockText,
  evidenceLink,
  limitText,
  outcomeTone,
  phaseTone,
  safeLink,
  stageMarks,
  valueText,
  weightSeries,
  weightsText,
} from './page-model.js';

const canary = () => dashboardCanaryOf(canaryObject('shop', 'web'));

describe('the page model', () => {
  it.each([
    ['Succeeded', 'good'],
    ['Failed', 'bad'],
    ['Progressing', 'active'],
    ['Waiting', 'warn'],
    ['Initialized', 'idle'],
  ] as const)('colours phase %s %s', (phase, tone) => expect(phaseTone(phase)).toBe(tone));

  it('gives every phase a tone', () => {
    expect(PHASES.map(phaseTone).every((tone) => ['good', 'bad', 'active', 'warn', 'idle'].includes(tone))).toBe(true);
  });

  it.each([
    ['pass', 'good'],
    ['fail', 'bad'],
    ['error', 'bad'],
    ['noData', 'warn'],
    ['insufficient', 'warn'],
  ] as const)('colours a check that ended %s %s', (outcome, tone) => expect(outcomeTone(outcome)).toBe(tone));

  it('words the weights, with internal users when they reach the canary', () => {
    expect(weightsText({ canaryWeight: 10, internalToCanary: true })).toBe('primary 90 % · canary 10 % · internal users on the canary');
    expect(weightsText({})).toBe('primary 100 % · canary 0 %');
  });

  it("steps the canary's weight through the timeline in seconds since the rollout started", () => {
    expect(weightSeries(canary())).toEqual([{ x: 0, y: 0 }, { x: 30, y: 0 }, { x: 60, y: 10 }, { x: 90, y: 50 }]);
    expect(stageMarks(canary())).toEqual([{ x: 0, stage: 'internal', weight: 0 }, { x: 60, stage: 'step-1', weight: 10 }, { x: 90, stage: 'step-2', weight: 50 }]);
  });

  it("marks a stage with the highest weight it reached when its first point was recorded before its routes were set", () => {
    const status = progressingStatus();
    const timeline = (status.timeline ?? []).map((point) => ({ ...point, stage: 'weight-25', canaryWeight: point.canaryWeight === 0 ? 0 : 25 }));
    expect(stageMarks(dashboardCanaryOf(canaryObject('shop', 'web', { ...status, timeline })))).toEqual([{ x: 0, stage: 'weight-25', weight: 25 }]);
  });

  it('flags the failing values of a check and carries its limit and a comparison band', () => {
    const [errorRate, comparison] = checkSeries(canary());
    expect(errorRate?.name).toBe('error-rate');
    expect(errorRate?.values.map((v) => v.failing)).toEqual([false, false, false, true]);
    expect(errorRate?.max).toEqual([{ x: 0, y: 1 }, { x: 30, y: 1 }, { x: 60, y: 1 }, { x: 90, y: 1 }]);
    expect(errorRate?.lower).toEqual([]);
    expect(comparison?.lower.map((p) => p.y)).toEqual([0.7, 0.8, 0.75, 1.3]);
    expect(comparison?.upper).toHaveLength(4);
  });

  it('draws nothing when there is no timeline yet', () => {
    const empty = dashboardCanaryOf(canaryObject('shop', 'web', {}));
    expect([weightSeries(empty), checkSeries(empty), stageMarks(empty)]).toEqual([[], [], []]);
  });

  it('words the blast radius for internal users and customers', () => {
    expect(blastRadiusText(progressingStatus().blastRadius)).toEqual({ internal: '214 requests, 31 errors', customers: '1200 requests, 54 errors' });
    expect(blastRadiusText({ internal: { requests: 1, errors: 1 }, customers: { requests: 0, errors: 0 }, measuredAt: '' })?.internal).toBe('1 request, 1 error');
    expect(blastRadiusText(undefined)).toBeUndefined();
  });

  it('follows only http(s) links, and prefers the link of a failing check', () => {
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('not a url')).toBeUndefined();
    expect(safeLink('https://sentry.example/issues/42/')).toBe('https://sentry.example/issues/42/');
    const checks = progressingStatus().checks ?? [];
    expect(evidenceLink([{ ...checks[1]!, link: 'https://a.example/' }, checks[0]!])).toBe('https://sentry.example/issues/42/');
  });

  it.each(['error', 'fail', 'noData', 'insufficient'] as const)('gives the message as the reason of a check whose outcome is %s, none for pass', (outcome) => {
    const message = 'cannot read Secret shop/sentry-token: not found';
    expect(checkReason({ outcome, message })).toBe(message);
    expect(checkReason({ outcome: 'pass', message: 'success rate 99.7 % >= 95 %' })).toBe('');
  });

  it('words limits with the band, values and clock times', () => {
    expect(limitText({ limit: '<= 2x', band: { lower: 1.3, upper: 2.0004 } })).toBe('<= 2x (band 1.3–2)');
    expect([valueText(null), valueText(4.56789)]).toEqual(['—', '4.568']);
    expect([clockText(0), clockText(95), clockText(3725)]).toEqual(['0:00', '1:35', '1:02:05']);
  });
});
