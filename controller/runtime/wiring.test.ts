import { describe, expect, it } from '@jest/globals';
import { KubeConfig } from '@kubernetes/client-node';
import pino from 'pino';
import type { CanarySpec } from '../schema/canary-spec.js';
import { readConfig } from './config.js';
import { NOTIFIER_CHANNELS, type Notifier } from './notifiers/notifier.js';
import { wireController } from './wiring.js';

// Nothing is started or contacted: wireController only builds. The server below is never dialled.
function kubeConfig(): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kc;
}

function wired(env: Record<string, string>) {
  const read = readConfig(env);
  if (!read.ok) throw new Error(read.message);
  return wireController(read.config, kubeConfig(), { logger: pino({ level: 'silent' }) });
}

describe('wireController', () => {
  it('takes the queue settings and the per-system limits from config', () => {
    const wiring = wired({ SONGBIRD_NAMESPACE: 'shop', SONGBIRD_RESYNC_CRON: '*/10 * * * * *', SONGBIRD_CONCURRENCY: '3', SONGBIRD_PROMETHEUS_CONCURRENCY: '5', SONGBIRD_SENTRY_CONCURRENCY: '2' });
    expect(wiring.options).toMatchObject({ namespace: 'shop', resyncCron: '*/10 * * * * *', concurrency: 3 });
    expect([wiring.limits.prometheus.concurrency, wiring.limits.sentry.concurrency]).toEqual([5, 2]);
  });

  it('wires every notifier, with the default webhook from config serving Canaries that name none', () => {
    const spec = { notifications: {} } as CanarySpec;
    const without = wired({}).options.ports.notifiers;
    const withDefault = wired({ SONGBIRD_SLACK_DEFAULT_WEBHOOK: 'songbird-system/slack:url' }).options.ports.notifiers;
    expect(without.map((n) => n.channel)).toEqual([...NOTIFIER_CHANNELS]);
    expect(notifierServes(without, spec)).toBe(false);
    expect(notifierServes(withDefault, spec)).toBe(true);
  });

  it("uses the caller's clock when given one, else the wall clock", () => {
    const logger = pino({ level: 'silent' });
    const read = readConfig({});
    if (!read.ok) throw new Error(read.message);
    const at = new Date('2026-12-01T00:00:00Z');
    expect(wireController(read.config, kubeConfig(), { logger, clock: () => at }).options.clock()).toBe(at);
    expect(Math.abs(wireController(read.config, kubeConfig(), { logger }).options.clock().getTime() - Date.now())).toBeLessThan(5_000);
  });
});

function notifierServes(notifiers: readonly Notifier[], spec: CanarySpec): boolean {
  return notifiers.some((n) => n.serves({ canary: { namespace: 'shop', name: 'podinfo', uid: 'u1' }, spec }));
}
