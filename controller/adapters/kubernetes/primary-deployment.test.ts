import type { V1Deployment } from '@kubernetes/client-node';
import { planPrimaryDeployment, primaryIsCurrent, primarySelector, type PrimaryInput } from './primary-deployment.js';

const target: V1Deployment = {
  metadata: { name: 'web', namespace: 'shop' },
  spec: {
    replicas: 4,
    minReadySeconds: 5,
    selector: { matchLabels: { app: 'web', tier: 'front' } },
    template: { metadata: { labels: { app: 'web', tier: 'front', version: 'v2' } }, spec: { containers: [{ name: 'app', image: 'web:2' }] } },
  },
};

const input: PrimaryInput = {
  namespace: 'shop',
  canary: { name: 'web', uid: 'uid-web' },
  targetName: 'web',
  template: { metadata: { labels: { app: 'web', tier: 'front', version: 'v1' }, annotations: { note: 'kept' } }, spec: { containers: [{ name: 'app', image: 'web:1' }] } },
  revision: 'aaaaaaaaaa',
  replicas: 3,
};

describe('planPrimaryDeployment', () => {
  const planned = planPrimaryDeployment(input, target);
  const primary = planned.ok ? planned.value : undefined;

  it('names the primary <target>-primary and marks its revision and owner', () => {
    expect(primary?.metadata).toMatchObject({
      name: 'web-primary',
      namespace: 'shop',
      annotations: { 'songbird.dev/revision': 'aaaaaaaaaa' },
      ownerReferences: [{ apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', name: 'web', uid: 'uid-web', controller: true }],
    });
  });

  it('suffixes every selector label with -primary, in the selector and the pod labels, and keeps the others', () => {
    expect(primary?.spec?.selector).toEqual({ matchLabels: { app: 'web-primary', tier: 'front-primary' } });
    expect(primary?.spec?.template.metadata?.labels).toEqual({ app: 'web-primary', tier: 'front-primary', version: 'v1' });
    expect(primary?.spec?.template.metadata?.annotations).toEqual({ note: 'kept' });
  });

  it('runs the given template at the given scale, with the target rollout settings', () => {
    expect(primary?.spec?.replicas).toBe(3);
    expect(primary?.spec?.template.spec?.containers[0]?.image).toBe('web:1');
    expect(primary?.spec?.minReadySeconds).toBe(5);
  });

  it('leaves the input template as it was', () => {
    expect(input.template.metadata?.labels?.app).toBe('web');
  });

  it('fails with a value when the target has no matchLabels', () => {
    const result = planPrimaryDeployment(input, { ...target, spec: { ...target.spec!, selector: {} } });
    expect(!result.ok && result.error).toMatchObject({ code: 'invalid', retryable: false });
  });
});

describe('primarySelector', () => {
  it('refuses a label value that would grow past 63 characters', () => {
    const result = primarySelector({ app: 'x'.repeat(60) });
    expect(!result.ok && result.error.message).toContain('app=');
  });
});

describe('primaryIsCurrent', () => {
  const existing = (revision: string, replicas: number): V1Deployment => ({ metadata: { annotations: { 'songbird.dev/revision': revision } }, spec: { replicas, selector: {}, template: {} } });
  it.each([
    ['same revision and replicas', existing('aaaaaaaaaa', 3), true],
    ['another revision', existing('bbbbbbbbbb', 3), false],
    ['other replicas', existing('aaaaaaaaaa', 2), false],
  ])('is right for %s', (_what, d, expected) => {
    expect(primaryIsCurrent(d, input)).toBe(expected);
  });
});
