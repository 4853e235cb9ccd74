import { sentryReleaseOf } from './release.js';

const template = (containers: unknown[]) => ({ spec: { containers } }) as never;

describe('sentryReleaseOf', () => {
  it('reads SENTRY_RELEASE from the named container when it is set', () => {
    const t = template([
      { name: 'sidecar', image: 'proxy:1' },
      { name: 'app', image: 'shop:2.0.0', env: [{ name: 'SENTRY_RELEASE', value: 'shop@2.0.0+abc' }] },
    ]);
    expect(sentryReleaseOf(t, 'app')).toBe('shop@2.0.0+abc');
  });

  it.each([
    ['registry.local:5000/team/shop:2.1.0', '2.1.0'],
    ['shop', 'latest'],
    ['shop@sha256:abc', 'sha256:abc'],
  ])('falls back to the image tag of %s', (image, tag) => {
    expect(sentryReleaseOf(template([{ name: 'app', image }]))).toBe(tag);
  });

  it('is undefined when the named container does not exist', () => {
    expect(sentryReleaseOf(template([{ name: 'app', image: 'x:1' }]), 'web')).toBeUndefined();
  });
});
