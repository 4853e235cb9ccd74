import { readConfig } from './config.js';

describe('readConfig', () => {
  it('fills defaults when nothing is set', () => {
    const read = readConfig({});
    expect(read).toMatchObject({ ok: true, config: { SONGBIRD_PROMETHEUS_URL: 'http://prometheus.istio-system:9090', LOG_LEVEL: 'info' } });
  });

  it('reads the default Slack webhook Secret as namespace, name and key', () => {
    const read = readConfig({ SONGBIRD_SLACK_DEFAULT_WEBHOOK: 'songbird-system/slack:url' });
    expect(read).toMatchObject({ ok: true, config: { SONGBIRD_SLACK_DEFAULT_WEBHOOK: { namespace: 'songbird-system', ref: { name: 'slack', key: 'url' } } } });
  });

  it.each([
    [{ SONGBIRD_PROMETHEUS_URL: 'not a url' }, 'SONGBIRD_PROMETHEUS_URL'],
    [{ SONGBIRD_SLACK_DEFAULT_WEBHOOK: 'slack' }, 'SONGBIRD_SLACK_DEFAULT_WEBHOOK'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('names the variable when it is malformed (%#)', (env, name) => {
    const read = readConfig(env);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message.startsWith(name)).toBe(true);
  });
});
