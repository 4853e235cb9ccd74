import { METRIC_SYSTEM_CALLS, METRIC_SYSTEMS } from '../schema/checks.js';
import { concurrencySetting, readConfig } from './config.js';

describe('readConfig', () => {
  it('reads SONGBIRD_DASHBOARD_HOSTS as lower-cased host names and refuses a scheme or a port, naming the variable', () => {
    expect(readConfig({ SONGBIRD_DASHBOARD_HOSTS: ' Dash.Example.com, *.apps.example.com ,' })).toMatchObject({ ok: true, config: { SONGBIRD_DASHBOARD_HOSTS: ['dash.example.com', '*.apps.example.com'] } });
    expect(readConfig({ SONGBIRD_DASHBOARD_HOSTS: ' , ' })).toMatchObject({ ok: true, config: { SONGBIRD_DASHBOARD_HOSTS: [] } });
    for (const bad of ['http://x.com', 'x.com:80']) {
      const read = readConfig({ SONGBIRD_DASHBOARD_HOSTS: bad });
      expect(read.ok).toBe(false);
      if (!read.ok) expect(JSON.stringify(read)).toContain('SONGBIRD_DASHBOARD_HOSTS');
    }
  });

  it('fills defaults when nothing is set', () => {
    const read = readConfig({});
    expect(read).toMatchObject({ ok: true, config: { SONGBIRD_PROMETHEUS_URL: 'http://prometheus.istio-system:9090', LOG_LEVEL: 'info' } });
  });

  it('resyncs every 5 minutes unless told otherwise (every change Songbird reads is watched)', () => {
    expect(readConfig({})).toMatchObject({ ok: true, config: { SONGBIRD_RESYNC_CRON: '0 */5 * * * *' } });
    expect(readConfig({ SONGBIRD_RESYNC_CRON: '*/30 * * * * *' })).toMatchObject({ ok: true, config: { SONGBIRD_RESYNC_CRON: '*/30 * * * * *' } });
  });

  it('elects a leader with a 10 s Lease in songbird-system and serves metrics on 8080 unless told otherwise', () => {
    const read = readConfig({});
    expect(read).toMatchObject({
      ok: true,
      config: { SONGBIRD_LEADER_ELECTION: true, POD_NAMESPACE: 'songbird-system', SONGBIRD_LEASE_NAME: 'songbird-controller', SONGBIRD_LEASE_DURATION_SECONDS: 10, SONGBIRD_METRICS_PORT: 8080, SONGBIRD_SHUTDOWN_GRACE_SECONDS: 20 },
    });
    expect(readConfig({ SONGBIRD_LEADER_ELECTION: 'false' })).toMatchObject({ ok: true, config: { SONGBIRD_LEADER_ELECTION: false } });
  });

  it('reconciles 4 Canaries at once with 8 Prometheus and 4 Sentry calls in flight unless told otherwise', () => {
    expect(readConfig({})).toMatchObject({ ok: true, config: { SONGBIRD_CONCURRENCY: 8, SONGBIRD_PROMETHEUS_CONCURRENCY: 8, SONGBIRD_SENTRY_CONCURRENCY: 4 } });
    expect(readConfig({ SONGBIRD_CONCURRENCY: '64', SONGBIRD_PROMETHEUS_CONCURRENCY: '1', SONGBIRD_SENTRY_CONCURRENCY: '2' })).toMatchObject({
      ok: true,
      config: { SONGBIRD_CONCURRENCY: 64, SONGBIRD_PROMETHEUS_CONCURRENCY: 1, SONGBIRD_SENTRY_CONCURRENCY: 2 },
    });
  });

  it('reads SONGBIRD_<SYSTEM>_CONCURRENCY for every metric system, with its default and maximum', () => {
    const defaults = readConfig({});
    expect(defaults.ok && METRIC_SYSTEMS.map((system) => defaults.config[concurrencySetting(system)])).toEqual(METRIC_SYSTEMS.map((system) => METRIC_SYSTEM_CALLS[system].concurrency));
    expect(readConfig({ SONGBIRD_WAVEFRONT_CONCURRENCY: '3' })).toMatchObject({ ok: true, config: { SONGBIRD_WAVEFRONT_CONCURRENCY: 3 } });
    expect(readConfig({ SONGBIRD_WAVEFRONT_CONCURRENCY: '65' })).toEqual({ ok: false, message: 'SONGBIRD_WAVEFRONT_CONCURRENCY: Too big: expected number to be <=64' });
  });

  it('asks for the apiserver address a pod has when told to run with a service-account root', () => {
    expect(readConfig({ SONGBIRD_SERVICE_ACCOUNT_ROOT: '/tmp/x' })).toMatchObject({ ok: false, message: expect.stringMatching(/^KUBERNETES_SERVICE_HOST: /) });
    expect(readConfig({ SONGBIRD_SERVICE_ACCOUNT_ROOT: '/tmp/x', KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: 'https' })).toMatchObject({ ok: false, message: expect.stringMatching(/^KUBERNETES_SERVICE_PORT: /) });
    expect(readConfig({ SONGBIRD_SERVICE_ACCOUNT_ROOT: '/tmp/x', KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: '6443' }).ok).toBe(true);
  });

  it('watches one namespace when SONGBIRD_NAMESPACE names one, all when it is unset', () => {
    expect(readConfig({ SONGBIRD_NAMESPACE: 'shop-2' })).toMatchObject({ ok: true, config: { SONGBIRD_NAMESPACE: 'shop-2' } });
    const all = readConfig({});
    expect(all.ok && all.config.SONGBIRD_NAMESPACE).toBeUndefined();
  });

  it('reads the default Slack webhook Secret as namespace, name and key', () => {
    const read = readConfig({ SONGBIRD_SLACK_DEFAULT_WEBHOOK: 'songbird-system/slack:url' });
    expect(read).toMatchObject({ ok: true, config: { SONGBIRD_SLACK_DEFAULT_WEBHOOK: { namespace: 'songbird-system', ref: { name: 'slack', key: 'url' } } } });
  });

  it('refuses SONGBIRD_HTTP_TIMEOUT_MS above 2147483647, the longest timer Node keeps (longer fires after 1 ms)', () => {
    expect(readConfig({ SONGBIRD_HTTP_TIMEOUT_MS: '2147483647' })).toMatchObject({ ok: true, config: { SONGBIRD_HTTP_TIMEOUT_MS: 2_147_483_647 } });
    expect(readConfig({ SONGBIRD_HTTP_TIMEOUT_MS: '2147483648' })).toEqual({ ok: false, message: expect.stringMatching(/^SONGBIRD_HTTP_TIMEOUT_MS: .*2147483647/) });
  });

  it.each([
    ['an extra colon', 'ns/jira:tok:en'],
    ['a slash in the key', 'ns/jira:a/b'],
    ['a key over 253 characters', `ns/jira:${'k'.repeat(254)}`],
    ['an empty key', 'ns/jira:'],
  ])('refuses a Secret path whose key has %s instead of misreading it', (_what, path) => {
    expect(readConfig({ SONGBIRD_SLACK_DEFAULT_WEBHOOK: path })).toEqual({ ok: false, message: expect.stringMatching(/^SONGBIRD_SLACK_DEFAULT_WEBHOOK: .*Secret data key/) });
  });

  it('reads a Secret data key of letters, digits, -, _ and .', () => {
    expect(readConfig({ SONGBIRD_SLACK_DEFAULT_WEBHOOK: 'ns/slack:web_hook-1.url' })).toMatchObject({ ok: true, config: { SONGBIRD_SLACK_DEFAULT_WEBHOOK: { namespace: 'ns', ref: { name: 'slack', key: 'web_hook-1.url' } } } });
  });

  it.each(['SONGBIRD_JIRA_ISSUE_TYPE', 'SONGBIRD_JIRA_NOTIFY_ON'])('refuses %s without the Jira site, project, email and token, naming them', (name) => {
    const value = name === 'SONGBIRD_JIRA_ISSUE_TYPE' ? 'Incident' : 'rolledBack';
    expect(readConfig({ [name]: value })).toEqual({
      ok: false,
      message: `${name}: set without SONGBIRD_JIRA_URL, SONGBIRD_JIRA_PROJECT, SONGBIRD_JIRA_EMAIL, SONGBIRD_JIRA_TOKEN_SECRET (Jira needs all four)`,
    });
  });

  it('files Jira issues of a set type when all four Jira settings are there', () => {
    const jira = { SONGBIRD_JIRA_URL: 'https://acme.atlassian.net', SONGBIRD_JIRA_PROJECT: 'OPS', SONGBIRD_JIRA_EMAIL: 'ops@acme.dev', SONGBIRD_JIRA_TOKEN_SECRET: 'ns/jira:token' };
    expect(readConfig({ ...jira, SONGBIRD_JIRA_ISSUE_TYPE: 'Incident', SONGBIRD_JIRA_NOTIFY_ON: 'promoted' })).toMatchObject({ ok: true, config: { SONGBIRD_JIRA_ISSUE_TYPE: 'Incident', SONGBIRD_JIRA_NOTIFY_ON: ['promoted'] } });
  });

  it.each([
    [{ SONGBIRD_PROMETHEUS_URL: 'not a url' }, 'SONGBIRD_PROMETHEUS_URL'],
    [{ SONGBIRD_PROMETHEUS_URL: 'prom:9090' }, 'SONGBIRD_PROMETHEUS_URL'],
    [{ SONGBIRD_SLACK_DEFAULT_WEBHOOK: 'slack' }, 'SONGBIRD_SLACK_DEFAULT_WEBHOOK'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SONGBIRD_LEADER_ELECTION: 'yes' }, 'SONGBIRD_LEADER_ELECTION'],
    [{ SONGBIRD_LEASE_DURATION_SECONDS: '1' }, 'SONGBIRD_LEASE_DURATION_SECONDS'],
    [{ SONGBIRD_METRICS_PORT: '70000' }, 'SONGBIRD_METRICS_PORT'],
    [{ SONGBIRD_SHUTDOWN_GRACE_SECONDS: 'soon' }, 'SONGBIRD_SHUTDOWN_GRACE_SECONDS'],
    [{ POD_NAMESPACE: 'Songbird_System' }, 'POD_NAMESPACE'],
    [{ POD_NAMESPACE: 'a'.repeat(64) }, 'POD_NAMESPACE'],
    [{ SONGBIRD_LEASE_NAME: 'a'.repeat(254) }, 'SONGBIRD_LEASE_NAME'],
    [{ SONGBIRD_METRICS_PORT: '' }, 'SONGBIRD_METRICS_PORT'],
    [{ SONGBIRD_SHUTDOWN_GRACE_SECONDS: ' ' }, 'SONGBIRD_SHUTDOWN_GRACE_SECONDS'],
    [{ SONGBIRD_HTTP_TIMEOUT_MS: '' }, 'SONGBIRD_HTTP_TIMEOUT_MS'],
    [{ SONGBIRD_LEASE_DURATION_SECONDS: '0x10' }, 'SONGBIRD_LEASE_DURATION_SECONDS'],
    [{ SONGBIRD_CONCURRENCY: '0' }, 'SONGBIRD_CONCURRENCY'],
    [{ SONGBIRD_CONCURRENCY: '65' }, 'SONGBIRD_CONCURRENCY'],
    [{ SONGBIRD_CONCURRENCY: '2.5' }, 'SONGBIRD_CONCURRENCY'],
    [{ SONGBIRD_PROMETHEUS_CONCURRENCY: '0' }, 'SONGBIRD_PROMETHEUS_CONCURRENCY'],
    [{ SONGBIRD_PROMETHEUS_CONCURRENCY: 'many' }, 'SONGBIRD_PROMETHEUS_CONCURRENCY'],
    [{ SONGBIRD_SENTRY_CONCURRENCY: '' }, 'SONGBIRD_SENTRY_CONCURRENCY'],
    [{ SONGBIRD_SENTRY_CONCURRENCY: '65' }, 'SONGBIRD_SENTRY_CONCURRENCY'],
    [{ SONGBIRD_RESYNC_CRON: 'every minute' }, 'SONGBIRD_RESYNC_CRON'],
    [{ SONGBIRD_RESYNC_CRON: '' }, 'SONGBIRD_RESYNC_CRON'],
    // A namespace no object can be in would watch nothing while reporting ready; an empty one would watch all.
    [{ SONGBIRD_NAMESPACE: 'Shop' }, 'SONGBIRD_NAMESPACE'],
    [{ SONGBIRD_NAMESPACE: 'shop ' }, 'SONGBIRD_NAMESPACE'],
    [{ SONGBIRD_NAMESPACE: '' }, 'SONGBIRD_NAMESPACE'],
  ])('names the variable when it is malformed (%#)', (env, name) => {
    const read = readConfig(env);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message.startsWith(name)).toBe(true);
  });
});
