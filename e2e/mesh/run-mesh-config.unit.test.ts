import { describe, expect, it } from '@jest/globals';
import { readRunMeshConfig } from './run-mesh-config.js';
import { DEFAULT_INTERNAL_IDENTITY } from './user-identity.js';

describe('readRunMeshConfig', () => {
  it('returns defaults and the default identity when only a kubeconfig is given', () => {
    expect(readRunMeshConfig([], { KUBECONFIG: '/tmp/k' })).toEqual({
      ok: true,
      options: {
        kubeconfigPath: '/tmp/k', namespace: 'default', host: 'podinfo', internalRps: 2, customerRps: 10,
        seed: 1, maxDurationMs: 3_600_000, metricsPort: 0, identity: DEFAULT_INTERNAL_IDENTITY,
      },
    });
  });

  it('prefers arguments over environment when both are set', () => {
    const config = readRunMeshConfig(['--kubeconfig', '/a', '--namespace', 'demo', '--customer-rps', '3'], { KUBECONFIG: '/b', MESH_NAMESPACE: 'x', MESH_CUSTOMER_RPS: '9' });
    expect(config.ok && [config.options.kubeconfigPath, config.options.namespace, config.options.customerRps]).toEqual(['/a', 'demo', 3]);
  });

  it('uses only the given identity when identity flags are set', () => {
    const config = readRunMeshConfig(['--kubeconfig', '/a', '--identity-header', 'x-team=qa', '--identity-jwt-claim', 'groups=staff,internal'], {});
    expect(config.ok && config.options.identity).toEqual({ header: { name: 'x-team', value: 'qa' }, jwtClaim: { name: 'groups', value: ['staff', 'internal'] } });
  });

  it.each([
    [[], {}, 'kubeconfig'],
    [['--kubeconfig', '/a', '--internal-rps=-1'], {}, 'internalRps'],
    [['--kubeconfig', '/a', '--identity-cookie', 'nope'], {}, 'name=value'],
    [['--bogus'], {}, 'Unknown option'],
    [['--help'], {}, 'Usage:'],
  ] as const)('returns a message when the input is invalid (%j)', (argv, env, fragment) => {
    const config = readRunMeshConfig(argv, env);
    expect(config.ok).toBe(false);
    expect(config.ok ? '' : config.message).toContain(fragment);
  });
});
