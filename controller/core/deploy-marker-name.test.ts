import { DEPLOY_NAME_MAX_LENGTH, deployMarkerName } from './deploy-marker-name.js';

describe('deployMarkerName', () => {
  const id = '5d9c8b7f6d@2026-11-26T06:00:00.000Z:deploy-canary';

  it('fits Sentry\'s 64 characters when the Canary and the marker id are the ones of the issue', () => {
    const name = deployMarkerName({ namespace: 'shop', name: 'podinfo' }, id);
    expect(name).toMatch(/^songbird shop\/podinfo [0-9a-f]{12}$/);
    expect(name.length).toBeLessThanOrEqual(DEPLOY_NAME_MAX_LENGTH);
  });

  it('clips a long namespace/name but keeps the whole key when the Canary has the longest names Kubernetes allows', () => {
    const canary = { namespace: 'n'.repeat(63), name: 'c'.repeat(253) };
    const name = deployMarkerName(canary, id);
    expect([...name].length).toBe(DEPLOY_NAME_MAX_LENGTH);
    expect(name).toMatch(/^songbird n+… [0-9a-f]{12}$/);
    expect(name.slice(-12)).toBe(deployMarkerName({ ...canary }, id).slice(-12));
  });

  it('gives the same name to a retried marker and different names to different markers', () => {
    const canary = { namespace: 'shop', name: 'podinfo' };
    expect(deployMarkerName(canary, id)).toBe(deployMarkerName(canary, id));
    const others = [
      deployMarkerName(canary, id.replace('deploy-canary', 'deploy-production')),
      deployMarkerName(canary, id.replace('06:00', '07:00')),
      deployMarkerName({ namespace: 'shop', name: 'podinfo2' }, id),
      deployMarkerName({ namespace: 'shop2', name: 'podinfo' }, id),
    ];
    expect(new Set([deployMarkerName(canary, id), ...others]).size).toBe(5);
  });

  it('keeps markers of two long-named Canaries apart when their clipped labels are equal', () => {
    const a = deployMarkerName({ namespace: 'team', name: `${'x'.repeat(60)}-a` }, id);
    const b = deployMarkerName({ namespace: 'team', name: `${'x'.repeat(60)}-b` }, id);
    expect(a.slice(0, -12)).toBe(b.slice(0, -12));
    expect(a).not.toBe(b);
  });
});
