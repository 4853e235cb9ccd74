import { describe, expect, it } from '@jest/globals';
import type { PrometheusClient } from '../../adapters/prometheus/prometheus-client.js';
import { METRIC_SYSTEMS } from '../../schema/checks.js';
import { concurrencySetting, readConfig } from '../config.js';
import { analysisProviders, createProviders, measures, PROVIDERS, type ProviderPorts } from './providers.js';
import { checkSchema } from '../../schema/checks.js';
import { unaskedPorts } from './unasked-providers.js';

function config(env: Record<string, string>) {
  const read = readConfig(env);
  if (!read.ok) throw new Error(read.message);
  return read.config;
}

describe('createProviders', () => {
  it('builds one port per metric system, each behind its own SONGBIRD_<SYSTEM>_CONCURRENCY', () => {
    // A different limit for each system (2, 3, 4, ...), so a limit taken from another system's setting shows.
    const built = createProviders(config(Object.fromEntries(METRIC_SYSTEMS.map((s, i) => [concurrencySetting(s), `${i + 2}`]))), 1_000);
    expect(Object.keys(built.ports)).toEqual([...METRIC_SYSTEMS]);
    expect(METRIC_SYSTEMS.map((s) => built.limits[s].concurrency)).toEqual(METRIC_SYSTEMS.map((_s, i) => i + 2));
    // The ports are the limited ones: their limiter is the one reported.
    expect(METRIC_SYSTEMS.every((s) => (built.ports[s] as unknown as { limit: unknown }).limit === built.limits[s])).toBe(true);
  });
});

describe('analysisProviders', () => {
  it('evaluates every Prometheus query of an analysis at its time and hands the other ports over as they are', async () => {
    const asked: Array<[string, Date | undefined]> = [];
    const prometheus: PrometheusClient = {
      scalar: async (query, at) => (asked.push([query, at]), { ok: true, value: 1 }),
      vector: async (query, at) => (asked.push([query, at]), { ok: true, value: [] }),
    };
    const ports: ProviderPorts = { ...unaskedPorts(), prometheus };
    const now = new Date('2026-12-01T10:00:00Z');
    const providers = analysisProviders(ports, now);
    await providers.prometheus.scalar('up');
    await providers.prometheus.vector('rate(x[1m])');
    expect(asked).toEqual([['up', now], ['rate(x[1m])', now]]);
    expect(METRIC_SYSTEMS.filter((s) => s !== 'prometheus' && providers[s] !== ports[s])).toEqual([]);
  });
});

describe('the providers\' measures', () => {
  it('measure every check type of the schema, each by exactly one provider', () => {
    const byProviders = METRIC_SYSTEMS.flatMap((system) => Object.keys(PROVIDERS[system].measures));
    const checkTypes = checkSchema.options.map((option) => option.shape.type.value);
    expect([...byProviders].sort()).toEqual([...checkTypes].sort());
    expect(Object.keys(measures).sort()).toEqual([...checkTypes].sort());
  });
});

describe('unaskedPorts (for tests)', () => {
  it('rejects any call, naming the provider and method a test did not expect to be asked', async () => {
    await expect(unaskedPorts().wavefront.lastValue({ address: 'https://x', token: 't', tokenSecretRef: 'shop/wf:token' }, { query: 'ts(x)', start: new Date(0), end: new Date(1) })).rejects.toThrow(
      'this test did not expect wavefront.lastValue to be asked',
    );
  });
});
