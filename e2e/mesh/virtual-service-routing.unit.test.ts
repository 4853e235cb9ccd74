import { describe, expect, it } from '@jest/globals';
import type { MeshRequest } from './mesh-request.js';
import { seededRandom } from './seeded-random.js';
import { signTestJwt } from './test-jwt.js';
import { pickWeighted, routeRequest, virtualServiceAppliesTo } from './virtual-service-routing.js';
import type { HttpMatchRequest, VirtualServiceSpec } from './virtual-service-spec.js';

const canary = { destination: { host: 'podinfo-canary' } };
const primary = { destination: { host: 'podinfo-primary' } };

/** A VirtualService whose first route (to the canary) is guarded by `match`, then a catch-all to the primary. */
function guarded(match: readonly HttpMatchRequest[]): VirtualServiceSpec {
  return { hosts: ['podinfo'], gateways: ['mesh', 'istio-system/public'], http: [{ name: 'internal', match, route: [canary] }, { name: 'rest', route: [primary] }] };
}

function request(headers: Record<string, string> = {}, extra: Partial<MeshRequest> = {}): MeshRequest {
  return { host: 'podinfo', headers, ...extra };
}

/** A request that entered through the gateway `istio-system/public` (the VirtualService must be bound to it). */
function atGateway(headers: Record<string, string> = {}, extra: Partial<MeshRequest> = {}): MeshRequest {
  return request(headers, { gateway: 'istio-system/public', ...extra });
}

function routedHost(spec: VirtualServiceSpec, req: MeshRequest): string {
  const decision = routeRequest(spec, req, { random: seededRandom(1), namespace: 'test' });
  return decision.kind === 'destination' ? decision.destination.host : `${decision.kind}:${decision.status}`;
}

const bearer = (claims: Record<string, unknown>): string => `Bearer ${signTestJwt(claims)}`;
const cookieRegex = { regex: '^(.*?;)?(user=internal)(;.*)?$' };

describe('routeRequest', () => {
  it.each<[string, readonly HttpMatchRequest[], MeshRequest, string]>([
    ['canary when the exact header matches', [{ headers: { 'x-user': { exact: 'internal' } } }], request({ 'x-user': 'internal' }), 'podinfo-canary'],
    ['primary when the exact header differs', [{ headers: { 'x-user': { exact: 'internal' } } }], request({ 'x-user': 'internal2' }), 'podinfo-primary'],
    ['primary when the header is missing', [{ headers: { 'x-user': { exact: 'internal' } } }], request(), 'podinfo-primary'],
    ['canary when the request header name has other case', [{ headers: { 'x-user': { exact: 'internal' } } }], request({ 'X-User': 'internal' }), 'podinfo-canary'],
    ['primary when exact differs only in value case', [{ headers: { 'x-user': { exact: 'internal' } } }], request({ 'x-user': 'Internal' }), 'podinfo-primary'],
    ['canary when the prefix matches', [{ headers: { 'x-user': { prefix: 'int' } } }], request({ 'x-user': 'internal' }), 'podinfo-canary'],
    ['primary when the prefix does not match', [{ headers: { 'x-user': { prefix: 'ext' } } }], request({ 'x-user': 'internal' }), 'podinfo-primary'],
    ['canary when the regex matches the whole value', [{ headers: { 'x-user': { regex: 'int.*' } } }], request({ 'x-user': 'internal' }), 'podinfo-canary'],
    ['primary when the regex matches only a substring (RE2 full match)', [{ headers: { 'x-user': { regex: 'tern' } } }], request({ 'x-user': 'internal' }), 'podinfo-primary'],
    ['primary when an alternation would match only a prefix unanchored', [{ headers: { 'x-user': { regex: 'a|internal-x' } } }], request({ 'x-user': 'abc' }), 'podinfo-primary'],
    ['canary when (?i) makes the regex case-insensitive', [{ headers: { 'x-user': { regex: '(?i)INTERNAL' } } }], request({ 'x-user': 'internal' }), 'podinfo-canary'],
    ['primary when the regex is invalid', [{ headers: { 'x-user': { regex: '(' } } }], request({ 'x-user': '(' }), 'podinfo-primary'],
    ['canary when an empty StringMatch checks presence', [{ headers: { 'x-user': {} } }], request({ 'x-user': 'anything' }), 'podinfo-canary'],
    ['primary when an empty StringMatch finds no header', [{ headers: { 'x-user': {} } }], request(), 'podinfo-primary'],
    ['canary when all conditions of one entry hold (AND)', [{ headers: { 'x-user': { exact: 'internal' }, 'x-region': { exact: 'eu' } } }], request({ 'x-user': 'internal', 'x-region': 'eu' }), 'podinfo-canary'],
    ['primary when one condition of an entry fails (AND)', [{ headers: { 'x-user': { exact: 'internal' }, 'x-region': { exact: 'eu' } } }], request({ 'x-user': 'internal', 'x-region': 'us' }), 'podinfo-primary'],
    ['canary when the second of two entries holds (OR)', [{ headers: { 'x-user': { exact: 'internal' } } }, { headers: { 'x-region': { exact: 'eu' } } }], request({ 'x-region': 'eu' }), 'podinfo-canary'],
    ['primary when no entry holds (OR)', [{ headers: { 'x-user': { exact: 'internal' } } }, { headers: { 'x-region': { exact: 'eu' } } }], request({ 'x-region': 'us' }), 'podinfo-primary'],
    ['canary when withoutHeaders finds no matching header', [{ withoutHeaders: { 'x-user': { exact: 'customer' } } }], request({ 'x-user': 'internal' }), 'podinfo-canary'],
    ['primary when withoutHeaders finds a matching header', [{ withoutHeaders: { 'x-user': { exact: 'customer' } } }], request({ 'x-user': 'customer' }), 'podinfo-primary'],
    ['primary when withoutHeaders {} finds the header present', [{ withoutHeaders: { 'x-user': {} } }], request({ 'x-user': 'x' }), 'podinfo-primary'],
    ['canary when withoutHeaders {} finds the header absent', [{ withoutHeaders: { 'x-user': {} } }], request(), 'podinfo-canary'],
    ['canary when the cookie regex finds the cookie first', [{ headers: { cookie: cookieRegex } }], request({ cookie: 'user=internal; theme=dark' }), 'podinfo-canary'],
    ['canary when the cookie regex finds the cookie last', [{ headers: { cookie: cookieRegex } }], request({ cookie: 'theme=dark;user=internal' }), 'podinfo-canary'],
    ['canary when the cookie comes from request.cookies', [{ headers: { cookie: cookieRegex } }], request({}, { cookies: { user: 'internal' } }), 'podinfo-canary'],
    ['primary when the cookie has another value', [{ headers: { cookie: cookieRegex } }], request({ cookie: 'user=internals' }), 'podinfo-primary'],
    ['canary when a string JWT claim matches at a gateway', [{ headers: { '@request.auth.claims.groups': { exact: 'internal' } } }], atGateway({ authorization: bearer({ groups: 'internal' }) }), 'podinfo-canary'],
    ['canary when any element of a list JWT claim matches at a gateway', [{ headers: { '@request.auth.claims.groups': { exact: 'internal' } } }], atGateway({ authorization: bearer({ groups: ['staff', 'internal'] }) }), 'podinfo-canary'],
    ['primary when no element of a list JWT claim matches', [{ headers: { '@request.auth.claims.groups': { exact: 'internal' } } }], atGateway({ authorization: bearer({ groups: ['staff'] }) }), 'podinfo-primary'],
    ['primary when there is no JWT', [{ headers: { '@request.auth.claims.groups': { exact: 'internal' } } }], atGateway(), 'podinfo-primary'],
    ['primary when the JWT is malformed', [{ headers: { '@request.auth.claims.groups': { exact: 'internal' } } }], atGateway({ authorization: 'Bearer not-a-jwt' }), 'podinfo-primary'],
    ['canary when a nested JWT claim matches by prefix at a gateway', [{ headers: { '@request.auth.claims.org.team': { prefix: 'plat' } } }], atGateway({ authorization: bearer({ org: { team: 'platform' } }) }), 'podinfo-canary'],
    ['canary when pre-validated jwtClaims match at a gateway', [{ headers: { '@request.auth.claims.groups': { regex: 'int.*' } } }], atGateway({}, { jwtClaims: { groups: ['internal'] } }), 'podinfo-canary'],
    ['primary when withoutHeaders excludes a JWT claim at a gateway', [{ withoutHeaders: { '@request.auth.claims.groups': { exact: 'internal' } } }], atGateway({}, { jwtClaims: { groups: ['internal'] } }), 'podinfo-primary'],
    ['primary when sidecar traffic carries the matching JWT claim (Istio routes on claims only at gateways)', [{ headers: { '@request.auth.claims.groups': { exact: 'internal' } } }], request({ authorization: bearer({ groups: 'internal' }) }), 'podinfo-primary'],
    ['primary when sidecar traffic meets an entry that excludes a claim', [{ withoutHeaders: { '@request.auth.claims.groups': { exact: 'internal' } } }], request(), 'podinfo-primary'],
    ['canary when withoutHeaders regex "*" finds the header absent (Istio presence test)', [{ withoutHeaders: { 'x-user': { regex: '*' } } }], request(), 'podinfo-canary'],
    ['primary when withoutHeaders regex "*" finds the header present', [{ withoutHeaders: { 'x-user': { regex: '*' } } }], request({ 'x-user': 'a' }), 'podinfo-primary'],
    ['primary when a header regex is "*", which RE2 refuses', [{ headers: { 'x-user': { regex: '*' } } }], request({ 'x-user': 'a' }), 'podinfo-primary'],
    ['primary when the regex uses a lookahead, which RE2 refuses', [{ headers: { 'x-user': { regex: 'int(?=ernal)ernal' } } }], request({ 'x-user': 'internal' }), 'podinfo-primary'],
    ['primary when the regex uses a backreference, which RE2 refuses', [{ headers: { 'x-user': { regex: '(a)\\1' } } }], request({ 'x-user': 'aa' }), 'podinfo-primary'],
    ['primary when the regex passes 1024 bytes, which Istio refuses', [{ headers: { 'x-user': { regex: `${'a?'.repeat(511)}a{0,3}` } } }], request({ 'x-user': 'aaa' }), 'podinfo-primary'],
    ['canary when the regex uses RE2 POSIX classes', [{ headers: { 'x-user': { regex: '[[:alpha:]]+-[[:digit:]]+' } } }], request({ 'x-user': 'staff-42' }), 'podinfo-canary'],
    ['canary when the regex ends with RE2 \\z', [{ headers: { 'x-user': { regex: 'int.*\\z' } } }], request({ 'x-user': 'internal' }), 'podinfo-canary'],
    ['primary when . meets a newline (RE2 . excludes newline unless (?s))', [{ headers: { 'x-user': { regex: 'a.b' } } }], request({ 'x-user': 'a\nb' }), 'podinfo-primary'],
    ['canary when the uri prefix matches, ignoring the query', [{ uri: { prefix: '/api' } }], request({}, { path: '/api/v1?x=1' }), 'podinfo-canary'],
    ['primary when the uri exact differs by case', [{ uri: { exact: '/API' } }], request({}, { path: '/api' }), 'podinfo-primary'],
    ['canary when ignoreUriCase is set', [{ uri: { exact: '/API' }, ignoreUriCase: true }], request({}, { path: '/api' }), 'podinfo-canary'],
    ['canary when the method matches', [{ method: { exact: 'POST' } }], request({}, { method: 'post' }), 'podinfo-canary'],
    ['canary when a query parameter matches', [{ queryParams: { canary: { exact: 'true' } } }], request({}, { path: '/?canary=true' }), 'podinfo-canary'],
    ['primary when the match requires source labels', [{ sourceLabels: { app: 'frontend' } }], request(), 'podinfo-primary'],
    ['primary when the match is only for a gateway', [{ gateways: ['istio-system/public'] }], request(), 'podinfo-primary'],
    ['canary when the match names the gateway the request came through', [{ gateways: ['istio-system/public'] }], atGateway(), 'podinfo-canary'],
    ['canary when the match names the mesh gateway', [{ gateways: ['mesh'] }], request(), 'podinfo-canary'],
    ['canary when the match list is empty', [], request(), 'podinfo-canary'],
  ])('routes to %s', (_name, match, req, expected) => {
    expect(routedHost(guarded(match), req)).toBe(expected);
  });

  it('returns the first matching route when several routes match', () => {
    const spec: VirtualServiceSpec = { hosts: ['podinfo'], http: [{ route: [primary] }, { route: [canary] }] };
    expect(routedHost(spec, request())).toBe('podinfo-primary');
  });

  it('returns no route (404) when no http route matches', () => {
    const spec: VirtualServiceSpec = { hosts: ['podinfo'], http: [{ match: [{ headers: { 'x-user': { exact: 'internal' } } }], route: [canary] }] };
    expect(routeRequest(spec, request(), { random: seededRandom(1) })).toMatchObject({ kind: 'no-route', status: 404 });
  });

  it('returns no route (404) when the VirtualService does not serve the host', () => {
    const spec: VirtualServiceSpec = { hosts: ['other'], http: [{ route: [primary] }] };
    expect(routeRequest(spec, request(), { random: seededRandom(1) })).toMatchObject({ kind: 'no-route', status: 404 });
  });

  it('returns the direct response status when the route has one', () => {
    const spec: VirtualServiceSpec = { hosts: ['podinfo'], http: [{ directResponse: { status: 418 } }] };
    expect(routeRequest(spec, request(), { random: seededRandom(1) })).toMatchObject({ kind: 'direct-response', status: 418 });
  });

  it('returns subset and port when the destination names them', () => {
    const spec: VirtualServiceSpec = { hosts: ['podinfo'], http: [{ route: [{ destination: { host: 'podinfo', subset: 'v2', port: { number: 9898 } } }] }] };
    expect(routeRequest(spec, request(), { random: seededRandom(1) })).toEqual({
      kind: 'destination', destination: { host: 'podinfo', subset: 'v2', port: 9898 }, routeIndex: 0,
    });
  });
});

describe('virtualServiceAppliesTo', () => {
  it.each<[string, VirtualServiceSpec, string, boolean]>([
    ['applies when the short host equals the request host', { hosts: ['podinfo'] }, 'podinfo', true],
    ['applies when the FQDN host names the short request host', { hosts: ['podinfo.test.svc.cluster.local'] }, 'podinfo', true],
    ['applies when the request uses name.namespace', { hosts: ['podinfo'] }, 'podinfo.test', true],
    ['does not apply when the host is in another namespace', { hosts: ['podinfo.other.svc.cluster.local'] }, 'podinfo', false],
    ['applies when the host is a matching wildcard', { hosts: ['*.test.svc.cluster.local'] }, 'podinfo', true],
    ['applies when the host is *', { hosts: ['*'] }, 'podinfo', true],
    ['does not apply when bound only to a gateway', { hosts: ['podinfo'], gateways: ['public-gw'] }, 'podinfo', false],
    ['applies when bound to the mesh and a gateway', { hosts: ['podinfo'], gateways: ['public-gw', 'mesh'] }, 'podinfo', true],
  ])('%s', (_name, spec, host, expected) => {
    expect(virtualServiceAppliesTo(spec, host, 'test')).toBe(expected);
  });

  it.each<[string, VirtualServiceSpec, string, boolean]>([
    ['applies to gateway traffic when bound to that gateway', { hosts: ['podinfo'], gateways: ['istio-system/public'] }, 'istio-system/public', true],
    ['applies to gateway traffic when a short gateway name is in the VirtualService namespace', { hosts: ['podinfo'], gateways: ['public'] }, 'test/public', true],
    ['does not apply to gateway traffic when bound only to the mesh', { hosts: ['podinfo'], gateways: ['mesh'] }, 'istio-system/public', false],
    ['does not apply to gateway traffic when no gateways are listed (mesh)', { hosts: ['podinfo'] }, 'istio-system/public', false],
    ['does not apply to gateway traffic through another gateway', { hosts: ['podinfo'], gateways: ['istio-system/partners'] }, 'istio-system/public', false],
  ])('%s', (_name, spec, gateway, expected) => {
    expect(virtualServiceAppliesTo(spec, 'podinfo', 'test', gateway)).toBe(expected);
  });
});

describe('pickWeighted', () => {
  function shares(destinations: Parameters<typeof pickWeighted>[0], draws = 10_000): Record<string, number> {
    const random = seededRandom(42);
    const counts: Record<string, number> = {};
    for (let i = 0; i < draws; i += 1) {
      const host = pickWeighted(destinations, random)?.destination.host ?? 'none';
      counts[host] = (counts[host] ?? 0) + 1;
    }
    return Object.fromEntries(Object.entries(counts).map(([host, n]) => [host, n / draws]));
  }

  it('sends all traffic to a single destination when it has no weight', () => {
    expect(shares([primary])).toEqual({ 'podinfo-primary': 1 });
  });

  it('sends all traffic to a single destination when its weight is below 100', () => {
    expect(shares([{ ...primary, weight: 10 }])).toEqual({ 'podinfo-primary': 1 });
  });

  it.each([[90, 10], [50, 50], [99, 1], [70, 30]])('splits about %i/%i when weighted so', (primaryWeight, canaryWeight) => {
    const result = shares([{ ...primary, weight: primaryWeight }, { ...canary, weight: canaryWeight }]);
    expect(result['podinfo-primary']).toBeCloseTo(primaryWeight / 100, 1);
    expect(result['podinfo-canary'] ?? 0).toBeCloseTo(canaryWeight / 100, 1);
  });

  it('sends nothing to a destination when its weight is 0', () => {
    expect(shares([{ ...primary, weight: 100 }, { ...canary, weight: 0 }])).toEqual({ 'podinfo-primary': 1 });
  });

  it('uses weights as relative proportions when they do not sum to 100', () => {
    expect(shares([{ ...primary, weight: 3 }, { ...canary, weight: 1 }])['podinfo-primary']).toBeCloseTo(0.75, 1);
  });

  it('returns nothing when every one of several destinations has weight 0', () => {
    expect(pickWeighted([{ ...primary, weight: 0 }, canary], seededRandom(1))).toBeUndefined();
  });

  it('picks the same sequence when the seed is the same', () => {
    const draw = (seed: number): string[] => {
      const random = seededRandom(seed);
      return Array.from({ length: 20 }, () => pickWeighted([{ ...primary, weight: 50 }, { ...canary, weight: 50 }], random)?.destination.host ?? '');
    };
    expect(draw(7)).toEqual(draw(7));
  });
});
