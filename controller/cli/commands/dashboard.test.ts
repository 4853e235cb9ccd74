import { describe, expect, it } from '@jest/globals';
import { dashboardPlan } from './dashboard.js';

describe('dashboardPlan', () => {
  it('watches the namespace of -n or the context, and warns of nothing, when it listens on loopback', () => {
    expect(dashboardPlan({ allNamespaces: false, namespace: 'shop', address: '127.0.0.1' })).toEqual({ namespace: 'shop', notice: undefined });
  });

  it('watches every namespace when -A is given', () => {
    expect(dashboardPlan({ allNamespaces: true, namespace: 'shop', address: '::1' }).namespace).toBeUndefined();
  });

  it('says there is no login when it listens beyond loopback', () => {
    expect(dashboardPlan({ allNamespaces: false, namespace: 'shop', address: '0.0.0.0' }).notice).toMatch(/no login: anyone who reaches 0\.0\.0\.0/);
  });
});
