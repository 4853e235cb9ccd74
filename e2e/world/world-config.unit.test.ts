// The pure parts of the world: what it writes for Prometheus, kubectl and
// KWOK, and how it passes flags to etcd.
import { load } from 'js-yaml';
import { etcdArgs } from './etcd.js';
import { isNodeReady, kwokNode } from './kwok.js';
import { renderKubeconfig } from './kubeconfig.js';
import { renderPrometheusConfig, renderTargets } from './prometheus.js';
import { installArgs, readWorldConfig, WORLD_PROMETHEUS_ENV } from './world-config.js';
import { missingInstallPieces, prometheusBinary, worldPaths } from './world-paths.js';

describe('renderPrometheusConfig', () => {
  it('scrapes the file_sd targets every second when rendered', () => {
    const config = load(renderPrometheusConfig('/w/targets.json')) as {
      global: Record<string, string>;
      scrape_configs: { file_sd_configs: { files: string[]; refresh_interval: string }[] }[];
    };
    expect(config.global).toEqual({ scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' });
    expect(config.scrape_configs[0]?.file_sd_configs).toEqual([{ files: ['/w/targets.json'], refresh_interval: '1s' }]);
  });
});

describe('renderTargets', () => {
  it.each([
    [[], []],
    [['127.0.0.1:1'], [{ targets: ['127.0.0.1:1'], labels: {} }]],
  ])('renders %j as a file_sd group list', (targets, expected) => {
    expect(JSON.parse(renderTargets(targets))).toEqual(expected);
  });
});

describe('renderKubeconfig', () => {
  it('embeds the CA and the token when rendered', () => {
    const config = load(
      renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: 'PEM', user: { name: 'admin', token: 't0k' } }),
    ) as { clusters: { cluster: Record<string, string> }[]; users: { user: { token: string } }[]; 'current-context': string };
    expect(config.clusters[0]?.cluster).toEqual({ server: 'https://127.0.0.1:6443', 'certificate-authority-data': 'UEVN' });
    expect(config.users[0]?.user.token).toBe('t0k');
    expect(config['current-context']).toBe('songbird-world');
  });
});

describe('etcdArgs', () => {
  it('listens on loopback only when given ports', () => {
    const args = etcdArgs({ binary: 'etcd', dir: '/w', clientPort: 1, peerPort: 2 });
    expect(args).toContain('--listen-client-urls=http://127.0.0.1:1');
    expect(args).toContain('--listen-peer-urls=http://127.0.0.1:2');
    expect(args).toContain('--data-dir=/w/etcd');
  });
});

describe('isNodeReady', () => {
  const ready = { type: 'Ready', status: 'True' };
  it.each([
    ['no conditions', {}, false],
    ['Ready', { status: { conditions: [ready] } }, true],
    ['Ready but still tainted not-ready', { status: { conditions: [ready] }, spec: { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] } }, false],
  ])('is %s', (_name, node, expected) => {
    expect(isNodeReady({ ...kwokNode('n'), ...node })).toBe(expected);
  });
});

describe('readWorldConfig', () => {
  it.each([
    ['built', 'unset', {}],
    ['built', 'empty', { [WORLD_PROMETHEUS_ENV]: '' }],
    ['built', 'built', { [WORLD_PROMETHEUS_ENV]: 'built' }],
    ['debian', 'debian', { [WORLD_PROMETHEUS_ENV]: 'debian' }],
  ])('chooses the %s Prometheus when SONGBIRD_WORLD_PROMETHEUS is %s', (expected, _value, env) => {
    expect(readWorldConfig(env)).toEqual({ ok: true, config: { prometheus: expected } });
  });

  it('names the variable when its value is unknown', () => {
    const read = readWorldConfig({ [WORLD_PROMETHEUS_ENV]: '2.42' });
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toMatch(/^SONGBIRD_WORLD_PROMETHEUS: .*"built".*"debian"/);
  });
});

describe('installArgs', () => {
  it.each([
    ['built', ['--quiet']],
    ['debian', ['--quiet', '--debian-prometheus']],
  ] as const)('passes install.sh the options for the %s Prometheus when it is chosen', (prometheus, expected) => {
    expect(installArgs({ prometheus })).toEqual(expected);
  });
});

describe('prometheusBinary', () => {
  const paths = worldPaths();
  it.each([
    ['built', `${paths.binDir}/prometheus`],
    ['debian', '/usr/bin/prometheus'],
  ] as const)('runs the %s Prometheus from %s when it is chosen', (choice, expected) => {
    expect(prometheusBinary(paths, choice)).toBe(expected);
  });

  it('requires only the chosen Prometheus when install pieces are checked', () => {
    const absent = { ...paths, binDir: '/nonexistent/bin', builtPrometheus: '/nonexistent/bin/prometheus', debianPrometheus: '/nonexistent/usr/bin/prometheus' };
    expect(missingInstallPieces(absent, 'built')).toContain('/nonexistent/bin/prometheus');
    expect(missingInstallPieces(absent, 'built')).not.toContain('/nonexistent/usr/bin/prometheus');
    expect(missingInstallPieces(absent, 'debian')).toContain('/nonexistent/usr/bin/prometheus');
    expect(missingInstallPieces(absent, 'debian')).not.toContain('/nonexistent/bin/prometheus');
  });
});
