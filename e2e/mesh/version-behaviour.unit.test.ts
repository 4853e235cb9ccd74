import { describe, expect, it } from '@jest/globals';
import { sampleOutcome } from './request-outcome.js';
import { seededRandom } from './seeded-random.js';
import { containerEnv, imageTag, versionBehaviour } from './version-behaviour.js';

describe('versionBehaviour', () => {
  it('returns defaults when the env is empty', () => {
    expect(versionBehaviour({}, 'podinfo:1.0')).toEqual({ errorRate: 0, latencyMs: 20, internalExceptionRate: 0, issues: [] });
  });

  it('reads rates, latency and Sentry settings when the env sets them', () => {
    const env = {
      DEMO_ERROR_RATE: '0.25', DEMO_LATENCY_MS: '120', DEMO_INTERNAL_EXCEPTION_RATE: '0.5',
      SENTRY_DSN: 'http://k@127.0.0.1:1/2', SENTRY_RELEASE: 'podinfo@6.1.0', SENTRY_ENVIRONMENT: 'e2e',
    };
    expect(versionBehaviour(env, 'podinfo:6.0.0')).toEqual({
      errorRate: 0.25, latencyMs: 120, internalExceptionRate: 0.5,
      sentry: { dsn: 'http://k@127.0.0.1:1/2', release: 'podinfo@6.1.0', environment: 'e2e' }, issues: [],
    });
  });

  it('uses the image tag as release when SENTRY_RELEASE is unset', () => {
    expect(versionBehaviour({ SENTRY_DSN: 'http://k@h/1' }, 'registry:5000/team/podinfo:6.1.0').sentry).toEqual({ dsn: 'http://k@h/1', release: '6.1.0' });
  });

  it('falls back to the default and records an issue when a rate is out of range', () => {
    const behaviour = versionBehaviour({ DEMO_ERROR_RATE: '1.5' }, undefined);
    expect([behaviour.errorRate, behaviour.issues.length]).toEqual([0, 1]);
  });
});

describe('imageTag', () => {
  it.each([
    ['ghcr.io/stefanprodan/podinfo:6.7.0', '6.7.0'],
    ['localhost:5000/podinfo:v2', 'v2'],
    ['localhost:5000/podinfo', 'latest'],
    ['podinfo@sha256:abc', 'sha256:abc'],
    [undefined, 'unknown'],
  ])('returns the tag of %s', (image, tag) => {
    expect(imageTag(image)).toBe(tag);
  });
});

describe('containerEnv', () => {
  it('keeps the last entry of a repeated name and drops one set by valueFrom when reading one container', () => {
    const env = containerEnv({
      name: 'a',
      env: [{ name: 'X', value: '1' }, { name: 'X', value: '2' }, { name: 'Y', value: '3' }, { name: 'Y', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    });
    expect(env).toEqual({ X: '2' });
  });
});

describe('sampleOutcome', () => {
  const draws = 20_000;
  const behaviour = { errorRate: 0.1, latencyMs: 100, internalExceptionRate: 0.3, issues: [] };

  it('fails about errorRate of requests when sampled many times', () => {
    const random = seededRandom(5);
    const failures = Array.from({ length: draws }, () => sampleOutcome(behaviour, 'customer', random)).filter((o) => o.status === 500).length;
    expect(failures / draws).toBeCloseTo(0.1, 1);
  });

  it('throws the new exception for about internalExceptionRate of the non-failed internal requests', () => {
    const random = seededRandom(6);
    const outcomes = Array.from({ length: draws }, () => sampleOutcome(behaviour, 'internal', random));
    const ok = outcomes.filter((o) => o.status === 200);
    expect(ok.filter((o) => o.exception).length / ok.length).toBeCloseTo(0.3, 1);
    expect(outcomes.some((o) => o.status === 500 && o.exception)).toBe(false);
  });

  it('never throws the new exception when the user is a customer', () => {
    const random = seededRandom(7);
    expect(Array.from({ length: 2000 }, () => sampleOutcome(behaviour, 'customer', random)).some((o) => o.exception)).toBe(false);
  });

  it('has a median latency near DEMO_LATENCY_MS when sampled many times', () => {
    const random = seededRandom(8);
    const latencies = Array.from({ length: draws }, () => sampleOutcome(behaviour, 'customer', random).durationMs).sort((a, b) => a - b);
    const median = latencies[draws / 2] ?? 0;
    expect(median).toBeGreaterThan(95);
    expect(median).toBeLessThan(105);
    expect(latencies[Math.floor(draws * 0.99)]).toBeLessThan(300);
  });
});
