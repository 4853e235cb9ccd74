// Pure Gateway API HTTP routing, as an implementation of HTTPRoute (Istio
// among them) must do it (https://gateway-api.sigs.k8s.io/reference/spec/,
// HTTPRouteRule and HTTPBackendRef):
// - which HTTPRoutes apply: a Service parentRef (GAMMA, mesh traffic to that
//   Service's host; hostnames ignored) or a Gateway parentRef (traffic entering
//   at that Gateway whose host one of `hostnames` covers, none = every host);
// - the rules of every applying route are merged and the matching HTTPRouteMatch
//   with the highest precedence wins: Exact path, then longest PathPrefix, then a
//   method, then most header matches, then most query matches; ties go to the
//   oldest route, then `<namespace>/<name>`, then the first rule in order;
// - matches of a rule are ORed, conditions of a match ANDed; no matches = `/` prefix;
//   header names are case-insensitive; RegularExpression is Istio's RE2 whole-value match;
// - a backend is drawn by weight (default 1); all weights 0 answers 500;
//   no rule matching answers 404.
import type { HttpRouteObject } from './cluster-view.js';
import { serviceOfHost } from './host-names.js';
import { requestFacts, type RequestFacts } from './http-match-request.js';
import { MESH_GATEWAY, type MeshRequest, entryGateway } from './mesh-request.js';
import type { RandomSource } from './seeded-random.js';
import { drawByWeight } from './weighted-draw.js';
import { compileFullMatchRegex } from './string-match.js';
import type { HttpBackendRef, HttpRouteMatch, HttpValueMatch, ParentReference } from './http-route-spec.js';
import type { RouteDecision } from './virtual-service-routing.js';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

/** Core-group Service parent (GAMMA); the CRD defaults group to gateway.networking.k8s.io and kind to Gateway. */
const isServiceParent = (p: ParentReference): boolean => (p.group ?? GATEWAY_GROUP) === '' && p.kind === 'Service';
const isGatewayParent = (p: ParentReference): boolean => (p.group ?? GATEWAY_GROUP) === GATEWAY_GROUP && (p.kind ?? 'Gateway') === 'Gateway';

/** True when `route` attaches to the traffic of `request` (mesh traffic to a Service, or a Gateway's). */
export function httpRouteAppliesTo(route: HttpRouteObject, request: Pick<MeshRequest, 'host' | 'gateway'>, viewNamespace: string): boolean {
  const namespace = route.metadata.namespace ?? viewNamespace;
  const gateway = entryGateway(request);
  return (route.spec.parentRefs ?? []).some((parent) => {
    const parentNamespace = parent.namespace ?? namespace;
    if (gateway === MESH_GATEWAY) {
      if (!isServiceParent(parent)) return false;
      const service = serviceOfHost(request.host, viewNamespace);
      return service !== undefined && service.name === parent.name && service.namespace === parentNamespace;
    }
    if (!isGatewayParent(parent) || gateway !== `${parentNamespace}/${parent.name}`) return false;
    const hostnames = route.spec.hostnames ?? [];
    return hostnames.length === 0 || hostnames.some((name) => hostnameCovers(name, request.host));
  });
}

/** The HTTPRoutes of `routes` that attach to this request's traffic. */
export function httpRoutesFor(routes: readonly HttpRouteObject[], request: Pick<MeshRequest, 'host' | 'gateway'>, viewNamespace: string): HttpRouteObject[] {
  return routes.filter((route) => httpRouteAppliesTo(route, request, viewNamespace));
}

interface Candidate {
  readonly precedence: readonly number[];
  readonly backendRefs: readonly HttpBackendRef[];
  readonly namespace: string;
  readonly routeIndex: number;
}

/** Routes `request` by the merged rules of `routes` (all applying to it). */
export function routeByHttpRoutes(routes: readonly HttpRouteObject[], request: MeshRequest, random: RandomSource, viewNamespace: string): RouteDecision {
  const facts = requestFacts(request);
  let best: Candidate | undefined;
  const ordered = [...routes].sort(compareAge);
  let position = 0;
  for (const route of ordered) {
    for (const rule of route.spec.rules ?? [{}]) {
      const matches = rule.matches && rule.matches.length > 0 ? rule.matches : [{}];
      for (const match of matches) {
        if (!matchHolds(match, facts)) continue;
        const candidate = { precedence: precedenceOf(match), backendRefs: rule.backendRefs ?? [], namespace: route.metadata.namespace ?? viewNamespace, routeIndex: position };
        if (!best || outranks(candidate.precedence, best.precedence)) best = candidate;
      }
      position += 1;
    }
  }
  if (!best) return { kind: 'no-route', status: 404, reason: 'no HTTPRoute rule matched' };
  const backend = pickByWeight(best.backendRefs, random);
  // "If all entries in BackendRefs are invalid [or weigh 0] ... all traffic which matches this rule MUST receive a 500."
  if (!backend) return { kind: 'direct-response', status: 500, routeIndex: best.routeIndex };
  const host = backend.namespace && backend.namespace !== best.namespace ? `${backend.name}.${backend.namespace}` : backend.name;
  return { kind: 'destination', destination: { host, ...(backend.port !== undefined ? { port: backend.port } : {}) }, routeIndex: best.routeIndex };
}

function matchHolds(match: HttpRouteMatch, facts: RequestFacts): boolean {
  if (!pathHolds(match.path, facts.path)) return false;
  if (match.method !== undefined && match.method !== facts.method) return false;
  if (!(match.headers ?? []).every((h) => valueHolds(h, facts.headers.get(h.name.toLowerCase())))) return false;
  return (match.queryParams ?? []).every((q) => valueHolds(q, facts.query.get(q.name)));
}

function pathHolds(path: HttpRouteMatch['path'], requestPath: string): boolean {
  const type = path?.type ?? 'PathPrefix';
  const value = path?.value ?? '/';
  if (type === 'Exact') return requestPath === value;
  if (type === 'RegularExpression') {
    const compiled = compileFullMatchRegex(value, false);
    return compiled.ok && compiled.regex.matches(requestPath);
  }
  // PathPrefix matches element-wise: /abc covers /abc and /abc/x, not /abcd; a trailing slash is ignored.
  const prefix = value.replace(/\/+$/, '');
  return prefix === '' || requestPath === prefix || requestPath.startsWith(`${prefix}/`);
}

function valueHolds(match: HttpValueMatch, value: string | undefined): boolean {
  if (value === undefined) return false;
  if ((match.type ?? 'Exact') === 'Exact') return value === match.value;
  const compiled = compileFullMatchRegex(match.value, false);
  return compiled.ok && compiled.regex.matches(value);
}

/** [exact path, prefix length, method, header count, query count]: compared left to right. */
function precedenceOf(match: HttpRouteMatch): number[] {
  const type = match.path?.type ?? 'PathPrefix';
  return [type === 'Exact' ? 1 : 0, type === 'PathPrefix' ? (match.path?.value ?? '/').length : 0, match.method ? 1 : 0, match.headers?.length ?? 0, match.queryParams?.length ?? 0];
}

/** Strictly higher precedence; an equal one keeps the earlier candidate (older route, earlier rule). */
function outranks(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return (a[i] ?? 0) > (b[i] ?? 0);
  return false;
}

function compareAge(a: HttpRouteObject, b: HttpRouteObject): number {
  const time = (r: HttpRouteObject): number => (r.metadata.creationTimestamp ? new Date(r.metadata.creationTimestamp).getTime() : 0);
  const key = (r: HttpRouteObject): string => `${r.metadata.namespace ?? ''}/${r.metadata.name ?? ''}`;
  return time(a) - time(b) || key(a).localeCompare(key(b));
}

/** Weight defaults to 1; weight 0 is never chosen; undefined when nothing may be chosen. */
export function pickByWeight(backends: readonly HttpBackendRef[], random: RandomSource): HttpBackendRef | undefined {
  return drawByWeight(backends, (b) => b.weight ?? 1, random);
}

/** An HTTPRoute hostname (exact, or `*.suffix` covering at least one more label) covers `host`. */
function hostnameCovers(hostname: string, host: string): boolean {
  const h = host.toLowerCase().replace(/:\d+$/, '');
  const name = hostname.toLowerCase();
  if (name.startsWith('*.')) return h.endsWith(name.slice(1)) && h.length > name.length - 1;
  return h === name;
}
