// Istio's own validation in the shared world (e2e/world/istio-validation.ts):
// objects written by hand to the real kube-apiserver are stored when Istio
// accepts them and refused, with Istio's message, when Istio rejects them.
// The rules themselves are istio.io/istio's pkg/config/validation at the
// version pinned in e2e/world/install.sh; this test only shows they apply.
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { getSharedWorld } from '../world/shared-world.js';

const TEST_TIMEOUT_MS = 60_000;
const namespace = `istio-validation-${randomBytes(3).toString('hex')}`;
const WEBHOOK_DENIED = 'admission webhook "rev.validation.istio.io" denied the request: configuration is invalid:';

type IstioKind = 'VirtualService' | 'DestinationRule' | 'Gateway' | 'RequestAuthentication' | 'AuthorizationPolicy';
type Written = { stored: true } | { stored: false; status: number; message: string };

const RESOURCES: Record<IstioKind, { group: string; version: string; plural: string }> = {
  VirtualService: { group: 'networking.istio.io', version: 'v1', plural: 'virtualservices' },
  DestinationRule: { group: 'networking.istio.io', version: 'v1', plural: 'destinationrules' },
  Gateway: { group: 'networking.istio.io', version: 'v1', plural: 'gateways' },
  RequestAuthentication: { group: 'security.istio.io', version: 'v1', plural: 'requestauthentications' },
  AuthorizationPolicy: { group: 'security.istio.io', version: 'v1', plural: 'authorizationpolicies' },
};

const claimMatch = { headers: { '@request.auth.claims.groups': { exact: 'internal' } } };

function virtualService(spec: Record<string, unknown>): Record<string, unknown> {
  return { hosts: ['web'], ...spec };
}

function route(weights: readonly number[]): Record<string, unknown>[] {
  return weights.map((weight, index) => ({ destination: { host: index === 0 ? 'web-primary' : 'web-canary' }, weight }));
}

describe('Istio validation in the local world', () => {
  let custom: CustomObjectsApi;

  const write = async (kind: IstioKind, name: string, spec: Record<string, unknown>): Promise<Written> => {
    const { group, version, plural } = RESOURCES[kind];
    const body = { apiVersion: `${group}/${version}`, kind, metadata: { name, namespace }, spec };
    try {
      await custom.createNamespacedCustomObject({ group, version, namespace, plural, body });
      return { stored: true };
    } catch (error) {
      if (!(error instanceof ApiException)) throw error;
      const status = JSON.parse(String(error.body)) as { message?: string };
      return { stored: false, status: error.code, message: status.message ?? String(error.body) };
    }
  };

  const isStored = async (kind: IstioKind, name: string): Promise<boolean> => {
    const { group, version, plural } = RESOURCES[kind];
    try {
      await custom.getNamespacedCustomObject({ group, version, namespace, plural, name });
      return true;
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return false;
      throw error;
    }
  };

  const expectRefused = async (kind: IstioKind, name: string, spec: Record<string, unknown>, istioMessage: string): Promise<void> => {
    const written = await write(kind, name, spec);
    expect(written).toEqual({ stored: false, status: 400, message: expect.stringContaining(WEBHOOK_DENIED) });
    expect(written.stored === false && written.message).toContain(istioMessage);
    expect(await isStored(kind, name)).toBe(false);
  };

  beforeAll(async () => {
    const world = await getSharedWorld();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(world.kubeconfigPath);
    custom = kubeConfig.makeApiClient(CustomObjectsApi);
    await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    const world = await getSharedWorld();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(world.kubeconfigPath);
    await kubeConfig.makeApiClient(CoreV1Api).deleteNamespace({ name: namespace });
  }, TEST_TIMEOUT_MS);

  it('stores a VirtualService and DestinationRule when Istio accepts them', async () => {
    const vs = virtualService({
      gateways: ['mesh'],
      http: [
        { name: 'songbird-internal', match: [{ headers: { 'x-songbird-user': { exact: 'internal' } } }], route: route([0, 100]) },
        { name: 'songbird-primary', route: route([90, 10]) },
      ],
    });
    const dr = { host: 'web-canary', subsets: [{ name: 'canary', labels: { app: 'web', 'songbird.dev/side': 'canary' } }] };
    expect(await write('VirtualService', 'web', vs)).toEqual({ stored: true });
    expect(await write('DestinationRule', 'web-canary', dr)).toEqual({ stored: true });
    expect(await isStored('VirtualService', 'web')).toBe(true);
    expect(await isStored('DestinationRule', 'web-canary')).toBe(true);
  }, TEST_TIMEOUT_MS);

  it.each([
    ['no gateways (mesh by default)', undefined, 'found no gateways: []'],
    ['gateways [mesh]', ['mesh'], 'found no gateways: [mesh]'],
    ['gateways [mesh, a gateway]', ['mesh', 'public-gateway'], 'found no gateways: [mesh public-gateway]'],
  ])('refuses a JWT claim match when the VirtualService is bound to %s', async (_, gateways, found) => {
    const name = `claims-mesh-${(gateways ?? []).length}`;
    const spec = virtualService({ ...(gateways ? { gateways } : {}), http: [{ match: [claimMatch], route: route([100]) }] });
    await expectRefused(
      'VirtualService',
      name,
      spec,
      `JWT claim based routing (key: @request.auth.claims.groups) is only supported for gateway, ${found}`,
    );
  }, TEST_TIMEOUT_MS);

  it('refuses an update that adds a JWT claim match to a mesh-bound VirtualService and keeps the stored one', async () => {
    const { group, version, plural } = RESOURCES.VirtualService;
    const stored = (await custom.getNamespacedCustomObject({ group, version, namespace, plural, name: 'web' })) as {
      metadata: Record<string, unknown>;
      spec: { http: { match?: unknown[] }[] };
    };
    const internal = { ...stored.spec.http[0], match: [claimMatch] };
    const body = { ...stored, spec: { ...stored.spec, http: [internal, ...stored.spec.http.slice(1)] } };
    const update = custom.replaceNamespacedCustomObject({ group, version, namespace, plural, name: 'web', body });
    await expect(update).rejects.toMatchObject({ code: 400, body: expect.stringContaining('is only supported for gateway') });
    const after = (await custom.getNamespacedCustomObject({ group, version, namespace, plural, name: 'web' })) as typeof stored;
    expect(after.spec).toEqual(stored.spec);
  }, TEST_TIMEOUT_MS);

  it('stores a JWT claim match when the VirtualService is bound only to gateways', async () => {
    const spec = virtualService({ gateways: ['public-gateway'], http: [{ match: [claimMatch], route: route([100]) }] });
    expect(await write('VirtualService', 'claims-gateway', spec)).toEqual({ stored: true });
  }, TEST_TIMEOUT_MS);

  it.each<[string, IstioKind, Record<string, unknown>, string]>([
    [
      'a regex RE2 cannot compile',
      'VirtualService',
      virtualService({ http: [{ match: [{ headers: { 'x-user': { regex: '(internal' } } }], route: route([100]) }] }),
      'Istio uses RE2 style regex-based match',
    ],
    [
      'a regex longer than 1,024 characters',
      'VirtualService',
      virtualService({ http: [{ match: [{ uri: { regex: 'a'.repeat(1025) } }], route: route([100]) }] }),
      'regex is too large, max length allowed is 1024',
    ],
    [
      'a Perl lookahead (not RE2)',
      'VirtualService',
      virtualService({ http: [{ match: [{ uri: { regex: '/(?!admin).*' } }], route: route([100]) }] }),
      'invalid or unsupported Perl syntax',
    ],
    ['destination weights that total 0', 'VirtualService', virtualService({ http: [{ route: route([0, 0]) }] }), 'total destination weight = 0'],
    [
      'a subset label value that is not a label',
      'DestinationRule',
      { host: 'web', subsets: [{ name: 'canary', labels: { version: 'not a label!' } }] },
      'invalid tag value: "not a label!"',
    ],
    [
      'an inline JWKS that is not JSON',
      'RequestAuthentication',
      { jwtRules: [{ issuer: 'https://issuer.example', jwks: 'not json' }] },
      'jwks parse error',
    ],
    ['a DENY policy without rules', 'AuthorizationPolicy', { action: 'DENY' }, 'DENY action without `rules` is meaningless'],
    ['a Gateway without servers', 'Gateway', { selector: { istio: 'ingressgateway' }, servers: [] }, 'gateway must have at least one server'],
  ])('refuses %s with Istio\'s message', async (what, kind, spec, istioMessage) => {
    const name = what.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 50);
    await expectRefused(kind, name, spec, istioMessage);
  }, TEST_TIMEOUT_MS);

  it('stores weights that do not sum to 100 because this Istio treats them as relative', async () => {
    const spec = virtualService({ http: [{ route: route([30, 20]) }] });
    expect(await write('VirtualService', 'relative-weights', spec)).toEqual({ stored: true });
  }, TEST_TIMEOUT_MS);

  it('stores the gateway setup for claim routing when written as Istio documents it', async () => {
    const gateway = { selector: { istio: 'ingressgateway' }, servers: [{ port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts: ['*'] }] };
    const requestAuthentication = {
      selector: { matchLabels: { istio: 'ingressgateway' } },
      jwtRules: [{ issuer: 'https://issuer.example', jwksUri: 'https://issuer.example/jwks.json', outputClaimToHeaders: [{ header: 'x-songbird-groups', claim: 'groups' }] }],
    };
    const authorizationPolicy = { action: 'ALLOW', rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] };
    expect(await write('Gateway', 'public-gateway', gateway)).toEqual({ stored: true });
    expect(await write('RequestAuthentication', 'jwt', requestAuthentication)).toEqual({ stored: true });
    expect(await write('AuthorizationPolicy', 'require-jwt', authorizationPolicy)).toEqual({ stored: true });
  }, TEST_TIMEOUT_MS);
});
