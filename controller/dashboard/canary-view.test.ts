import { describe, expect, it } from '@jest/globals';
import { dashboardCanariesOf, dashboardCanaryOf } from './canary-view.js';
import { canaryObject } from './fake-canaries.js';

describe('dashboardCanaryOf', () => {
  it('keeps what a person reads and drops the outbox and notified ids when the status is readable', () => {
    const view = dashboardCanaryOf(canaryObject('shop', 'web'));
    expect(view).toMatchObject({ namespace: 'shop', name: 'web', target: 'web', deleting: false });
    expect(view.status.phase).toBe('Progressing');
    expect(view.status.timeline).toHaveLength(4);
    expect(view.status.checks?.[0]?.link).toBe('https://sentry.example/issues/42/');
    expect(view.status.blastRadius?.customers.requests).toBe(1200);
    expect(view.status).not.toHaveProperty('outbox');
    expect(view.status).not.toHaveProperty('notified');
    expect(view.statusProblem).toBeUndefined();
  });

  it('shows an empty status and names the bad field when the status does not parse', () => {
    const view = dashboardCanaryOf(canaryObject('shop', 'web', { phase: 'Exploding' }));
    expect(view.status).toEqual({});
    expect(view.statusProblem).toMatch(/^status\.phase: /);
  });

  it('names every bad field, and shows a status whose timeline only was too long trimmed to 120 points as the controller reads it', () => {
    const held = dashboardCanaryOf(canaryObject('shop', 'web', { phase: 'Exploding', rolloutNumber: 0 } as never));
    expect(held.statusProblem).toMatch(/^status\.phase: .*; status\.rolloutNumber: .*controller holds this Canary/);
    const timeline = Array.from({ length: 121 }, () => ({ at: '2026-12-06T08:00:00Z', phase: 'Progressing', canaryWeight: 10, internalToCanary: false, checks: [] }));
    const trimmed = dashboardCanaryOf(canaryObject('shop', 'web', { phase: 'Progressing', timeline } as never));
    expect(trimmed.statusProblem).toBeUndefined();
    expect(trimmed.status.phase).toBe('Progressing');
    expect(trimmed.status.timeline).toHaveLength(120);
  });

  it('shows a Canary that has no status yet', () => {
    expect(dashboardCanaryOf(canaryObject('shop', 'web', undefined))).toMatchObject({ status: {}, deleting: false });
  });
});

describe('dashboardCanariesOf', () => {
  it('sorts by namespace, then name', () => {
    const views = dashboardCanariesOf([canaryObject('b', 'a'), canaryObject('a', 'z.v2'), canaryObject('a', 'b')]);
    expect(views.map((v) => `${v.namespace}/${v.name}`)).toEqual(['a/b', 'a/z.v2', 'b/a']);
  });
});
