import type { WorkloadObservation } from './observations.js';
import { resolveSentryRelease, sentryReleaseOf, sentryReleases, sentryVersionProblem } from './release.js';

type C = { name: string; image?: string; env?: Array<{ name: string; value?: string; valueFrom?: unknown }>; envFrom?: Array<{ prefix?: string; configMapRef?: { name: string }; secretRef?: { name: string } }> };
const template = (containers: C[]) => ({ spec: { containers } });
const app = (image: string, release?: string): C => ({ name: 'app', image, ...(release === undefined ? {} : { env: [{ name: 'SENTRY_RELEASE', value: release }] }) });
const proxy: C = { name: 'proxy', image: 'envoyproxy/envoy:v1.31.0' };

describe('resolveSentryRelease', () => {
  it('reads SENTRY_RELEASE from the named container when spec.sentry.container is set', () => {
    const t = template([proxy, app('shop:2.0.0', 'shop@2.0.0+abc')]);
    expect(resolveSentryRelease(t, 'app')).toEqual({ ok: true, release: 'shop@2.0.0+abc', container: 'app' });
  });

  it('refuses, naming spec.sentry.container and the containers, when the named container does not exist', () => {
    const choice = resolveSentryRelease(template([app('x:1')]), 'web');
    expect(choice).toEqual({ ok: false, reason: 'spec.sentry.container names "web", which is not a container of the pod template (containers: app)' });
  });

  it('picks the one container that sets SENTRY_RELEASE when a sidecar is listed first', () => {
    expect(resolveSentryRelease(template([proxy, app('shop:2.0.0', 'shop@2.0.0')]))).toEqual({ ok: true, release: 'shop@2.0.0', container: 'app' });
  });

  it('refuses, naming the containers and spec.sentry.container, when several containers and none sets SENTRY_RELEASE', () => {
    const choice = resolveSentryRelease(template([proxy, app('shop:2.0.0')]));
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.reason).toBe('the pod template has 2 containers (proxy, app) and none sets SENTRY_RELEASE: set spec.sentry.container to the container whose errors Sentry receives, or set SENTRY_RELEASE in it');
  });

  it('refuses when two containers set SENTRY_RELEASE and none is named', () => {
    const choice = resolveSentryRelease(template([{ ...proxy, env: [{ name: 'SENTRY_RELEASE', value: 'p' }] }, app('shop:2', 'shop@2')]));
    expect(!choice.ok && choice.reason).toMatch(/^containers proxy, app all set SENTRY_RELEASE: set spec.sentry.container/);
  });

  it.each([
    ['registry.local:5000/team/shop:2.1.0', '2.1.0'],
    ['shop@sha256:abc', 'sha256:abc'],
    ['shop:2.1.0@sha256:abc', 'sha256:abc'],
  ])('uses the only container\'s image digest or tag when %s sets no SENTRY_RELEASE', (image, release) => {
    expect(resolveSentryRelease(template([{ name: 'app', image }]))).toEqual({ ok: true, release, container: 'app' });
  });

  it.each(['shop', 'registry.local:5000/shop', 'shop:latest', 'shop:LATEST'])('refuses the release "latest", naming the container and the field, for the image %s', (image) => {
    const choice = resolveSentryRelease(template([{ name: 'app', image }]));
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.reason).toMatch(/container app .*set SENTRY_RELEASE in container app, or pin its image by tag or digest$/);
  });

  it.each([
    ['latest', /SENTRY_RELEASE of container app is "latest"/],
    ['shop/2.0', /SENTRY_RELEASE of container app contains a slash/],
    ['a\nb', /contains a slash, backslash, tab or line break/],
    ['..', /is "\.\."/],
    ['x'.repeat(201), /longer than Sentry's 200 characters/],
  ])('refuses a SENTRY_RELEASE that Sentry refuses (%j)', (release, reason) => {
    const choice = resolveSentryRelease(template([app('shop:2', release)]));
    expect(!choice.ok && choice.reason).toMatch(reason);
  });

  it('refuses a SENTRY_RELEASE that comes from valueFrom', () => {
    const choice = resolveSentryRelease(template([{ name: 'app', image: 'shop:2', env: [{ name: 'SENTRY_RELEASE', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }]));
    expect(!choice.ok && choice.reason).toMatch(/SENTRY_RELEASE of container app has no literal value/);
  });

  it('uses the last SENTRY_RELEASE entry, as Kubernetes gives the process, when the entry is duplicated', () => {
    const t = template([{ name: 'app', image: 'shop:2', env: [{ name: 'SENTRY_RELEASE', value: 'a' }, { name: 'SENTRY_RELEASE', value: 'b' }] }]);
    expect(resolveSentryRelease(t)).toEqual({ ok: true, release: 'b', container: 'app' });
  });

  it('refuses when the last of duplicated SENTRY_RELEASE entries comes from valueFrom', () => {
    const t = template([{ name: 'app', image: 'shop:2', env: [{ name: 'SENTRY_RELEASE', value: 'a' }, { name: 'SENTRY_RELEASE', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }]);
    expect(resolveSentryRelease(t).ok).toBe(false);
  });

  it.each([
    ['expands $(V) from an earlier literal entry', [{ name: 'V', value: '2.0.0' }, { name: 'SENTRY_RELEASE', value: 'shop@$(V)' }], 'shop@2.0.0'],
    ['expands from the last earlier definition of V', [{ name: 'V', value: '1' }, { name: 'V', value: '2' }, { name: 'SENTRY_RELEASE', value: 'shop@$(V)' }], 'shop@2'],
    ['expands a chain of references', [{ name: 'A', value: '7' }, { name: 'B', value: '$(A).1' }, { name: 'SENTRY_RELEASE', value: 'shop@$(B)' }], 'shop@7.1'],
    ['keeps $$(V) as the text $(V)', [{ name: 'V', value: '2' }, { name: 'SENTRY_RELEASE', value: 'shop@$$(V)' }], 'shop@$(V)'],
    ['leaves $(V) as written when V is defined only later', [{ name: 'SENTRY_RELEASE', value: 'shop@$(V)' }, { name: 'V', value: '2' }], 'shop@$(V)'],
    ['leaves $(V) as written when V is defined nowhere', [{ name: 'SENTRY_RELEASE', value: 'shop@$(V)' }], 'shop@$(V)'],
    ['keeps a $ that starts no reference and an unclosed $(', [{ name: 'SENTRY_RELEASE', value: 'a$b$(c' }], 'a$b$(c'],
  ])('%s, as Kubernetes expands env values', (_what, env, release) => {
    expect(resolveSentryRelease(template([{ name: 'app', image: 'shop:2', env }]))).toEqual({ ok: true, release, container: 'app' });
  });

  it.each([
    ['a valueFrom entry', [{ name: 'V', valueFrom: { configMapKeyRef: { name: 'c', key: 'v' } } }, { name: 'SENTRY_RELEASE', value: 'shop@$(V)' }], undefined, /^SENTRY_RELEASE of container app refers to \$\(V\), which has no literal value \(valueFrom/],
    ['an entry that itself refers to a valueFrom entry', [{ name: 'W', valueFrom: {} }, { name: 'V', value: 'x$(W)' }, { name: 'SENTRY_RELEASE', value: '$(V)' }], undefined, /refers to \$\(V\), which refers to \$\(W\), which has no literal value/],
    ['a variable an envFrom ConfigMap may set', [{ name: 'SENTRY_RELEASE', value: 'shop@$(VERSION)' }], [{ configMapRef: { name: 'shop-env' } }], /refers to \$\(VERSION\), which may come from envFrom \(ConfigMap shop-env\)/],
    ['a Service link variable', [{ name: 'SENTRY_RELEASE', value: 'shop@$(DB_SERVICE_HOST)' }], undefined, /refers to \$\(DB_SERVICE_HOST\), which may be a Service link variable/],
  ])('refuses, naming the container, a SENTRY_RELEASE referring to %s', (_what, env, envFrom, reason) => {
    const choice = resolveSentryRelease(template([{ name: 'app', image: 'shop:2', env, ...(envFrom ? { envFrom } : {}) }]));
    expect(choice.ok).toBe(false);
    expect(!choice.ok && choice.reason).toMatch(reason);
    expect(!choice.ok && choice.reason).toMatch(/set SENTRY_RELEASE in the env of container app with a literal value/);
  });

  it('refuses, naming the sources and the fix, when envFrom may set SENTRY_RELEASE and no literal entry does', () => {
    const t = template([{ name: 'app', image: 'shop:2.1.0', envFrom: [{ configMapRef: { name: 'shop-env' } }, { secretRef: { name: 'shop-secrets' } }] }]);
    expect(resolveSentryRelease(t)).toEqual({
      ok: false,
      reason:
        'SENTRY_RELEASE of container app may come from envFrom (ConfigMap shop-env, Secret shop-secrets), which Songbird cannot read: ' +
        'set SENTRY_RELEASE in the env of container app with a literal value, e.g. "2.1.0" from its image (an env entry overrides envFrom)',
    });
  });

  it('reads the literal SENTRY_RELEASE when envFrom is present too, since an env entry overrides envFrom', () => {
    const t = template([{ name: 'app', image: 'shop:2', envFrom: [{ configMapRef: { name: 'shop-env' } }], env: [{ name: 'SENTRY_RELEASE', value: 'shop@2' }] }]);
    expect(resolveSentryRelease(t)).toEqual({ ok: true, release: 'shop@2', container: 'app' });
  });

  it('uses the image tag when every envFrom source has a prefix that SENTRY_RELEASE lacks', () => {
    const t = template([{ name: 'app', image: 'shop:2', envFrom: [{ prefix: 'DB_', secretRef: { name: 'db' } }] }]);
    expect(resolveSentryRelease(t)).toEqual({ ok: true, release: '2', container: 'app' });
  });

  it('is undefined through sentryReleaseOf whenever it refuses', () => {
    expect(sentryReleaseOf(template([proxy, app('shop:2.0.0')]) as never)).toBeUndefined();
    expect(sentryReleaseOf(template([app('shop:2.0.0')]) as never)).toBe('2.0.0');
  });
});

describe('sentryVersionProblem', () => {
  it.each([['shop@2.0.0+build 7'], ['sha256:0123abcd'], ['x'.repeat(200)]])('accepts %j when Sentry accepts it', (v) => {
    expect(sentryVersionProblem(v)).toBeUndefined();
  });
});

describe('sentryReleases', () => {
  const workload = (revision: string, containers: C[]): WorkloadObservation => ({ exists: true, revision, template: template(containers), replicas: 1, available: true });

  it('is a measurement error naming the container when a sidecar listed first is named and both sides report its tag', () => {
    const releases = sentryReleases({ target: workload('bbbb', [proxy, app('shop:2.0.0')]), primary: workload('aaaa', [proxy, app('shop:1.0.0')]) }, 'proxy');
    expect(releases.canaryRelease.ok).toBe(false);
    expect(!releases.canaryRelease.ok && releases.canaryRelease.reason).toBe(
      'canary (revision bbbb) and primary (revision aaaa) both report Sentry release v1.31.0 from container proxy, so Sentry cannot tell them apart: give the new version its own SENTRY_RELEASE or image tag',
    );
    expect(releases.primaryRelease).toEqual(releases.canaryRelease);
  });

  it('is a measurement error when the templates differ but SENTRY_RELEASE did not change', () => {
    const releases = sentryReleases({ target: workload('bbbb', [app('shop:2', 'shop@1')]), primary: workload('aaaa', [app('shop:1', 'shop@1')]) });
    expect(!releases.canaryRelease.ok && releases.canaryRelease.reason).toMatch(/both report Sentry release shop@1 from container app.*or set spec\.sentry\.container/);
  });

  it('compares the app\'s releases when the sidecar is listed first and the app sets SENTRY_RELEASE', () => {
    const releases = sentryReleases({ target: workload('bbbb', [proxy, app('shop:2.0.0', 'shop@2.0.0')]), primary: workload('aaaa', [proxy, app('shop:1.0.0', 'shop@1.0.0')]) });
    expect(releases).toEqual({ canaryRelease: { ok: true, release: 'shop@2.0.0', container: 'app' }, primaryRelease: { ok: true, release: 'shop@1.0.0', container: 'app' } });
  });

  it('is a measurement error saying so when both run the same revision and so the same release', () => {
    const releases = sentryReleases({ target: workload('aaaa', [app('shop:1')]), primary: workload('aaaa', [app('shop:1')]) });
    expect(releases.canaryRelease).toEqual({
      ok: false,
      reason: 'canary and primary run the same pod template (revision aaaa) and both report Sentry release 1 from container app: comparing a release with itself is no evidence',
    });
    expect(releases.primaryRelease).toEqual(releases.canaryRelease);
  });

  it('is a measurement error when the primary has no revision and its different template reports the same release', () => {
    const primary: WorkloadObservation = { exists: true, template: template([app('shop:1', 'shop@1')]), replicas: 1, available: true };
    const releases = sentryReleases({ target: workload('bbbb', [app('shop:2', 'shop@1')]), primary });
    expect(!releases.canaryRelease.ok && releases.canaryRelease.reason).toMatch(/^canary \(revision bbbb\) and primary \(revision unknown\) both report Sentry release shop@1 from container app, so Sentry cannot tell them apart/);
    expect(releases.primaryRelease.ok).toBe(false);
  });

  it('is a measurement error naming the same pod spec when neither has a revision and only the primary\'s labels differ', () => {
    const target: WorkloadObservation = { exists: true, template: { metadata: { labels: { app: 'shop' } }, ...template([app('shop:1')]) }, replicas: 1, available: true };
    const primary: WorkloadObservation = { exists: true, template: { metadata: { labels: { app: 'shop-primary' } }, ...template([app('shop:1')]) }, replicas: 1, available: true };
    const releases = sentryReleases({ target, primary });
    expect(!releases.canaryRelease.ok && releases.canaryRelease.reason).toMatch(/^canary and primary run the same pod template and both report Sentry release 1 .*comparing a release with itself/);
  });
});
