// Evaluates one Istio HTTPMatchRequest: every condition present must hold
// (AND). Conditions about the source workload cannot hold for the stand-in's
// traffic generator, whose source is unknown. JWT claims
// (`@request.auth.claims.*`) are known only to gateway traffic: Istio routes on
// claims at gateways (with a RequestAuthentication) and its validation refuses
// them on mesh routes, so an entry that tests a claim never holds for sidecar
// traffic (https://istio.io/latest/docs/tasks/security/authentication/jwt-route/).
import { gatewayListed } from './gateway-binding.js';
import { claimsFromAuthorization, claimValues, type JwtClaims } from './jwt-claims.js';
import { entryGateway, MESH_GATEWAY, normalisedHeaders, type MeshRequest } from './mesh-request.js';
import { isCatchAllStringMatch, matchesString } from './string-match.js';
import type { HttpMatchRequest, StringMatch } from './virtual-service-spec.js';

const CLAIM_PREFIX = '@request.auth.claims.';

/** What match conditions look at, computed once per request. */
export interface RequestFacts {
  readonly authority: string;
  readonly method: string;
  readonly path: string;
  readonly port: number | undefined;
  readonly headers: ReadonlyMap<string, string>;
  readonly query: ReadonlyMap<string, string>;
  /** `mesh` for sidecar traffic, else the gateway the request entered through. */
  readonly gateway: string;
  /** Claims of a gateway request's JWT (the RequestAuthentication accepts the test issuer); none for sidecar traffic. */
  readonly claims: JwtClaims;
}

export function requestFacts(request: MeshRequest): RequestFacts {
  const headers = normalisedHeaders(request);
  const [path = '/', queryString = ''] = (request.path ?? '/').split('?', 2);
  const gateway = entryGateway(request);
  const decoded = claimsFromAuthorization(headers.get('authorization'));
  return {
    authority: request.host,
    method: (request.method ?? 'GET').toUpperCase(),
    path,
    port: request.port,
    headers,
    query: new Map(new URLSearchParams(queryString)),
    gateway,
    claims: gateway === MESH_GATEWAY ? {} : (request.jwtClaims ?? (decoded.ok ? decoded.claims : {})),
  };
}

const testsClaim = (conditions: Readonly<Record<string, StringMatch>> | undefined): boolean =>
  Object.keys(conditions ?? {}).some((name) => name.startsWith(CLAIM_PREFIX));

/** `namespace` is the VirtualService's, against which short gateway names resolve. */
export function matchesHttpMatchRequest(match: HttpMatchRequest, facts: RequestFacts, namespace = 'default'): boolean {
  if (facts.gateway === MESH_GATEWAY && (testsClaim(match.headers) || testsClaim(match.withoutHeaders))) return false;
  if (match.uri && !matchesString(match.uri, facts.path, { ignoreCase: match.ignoreUriCase ?? false })) return false;
  if (match.method && !matchesString(match.method, facts.method)) return false;
  if (match.authority && !matchesString(match.authority, facts.authority)) return false;
  if (match.port !== undefined && match.port !== facts.port) return false;
  if (match.sourceLabels && Object.keys(match.sourceLabels).length > 0) return false;
  if (match.sourceNamespace !== undefined) return false;
  if (match.gateways && match.gateways.length > 0 && !gatewayListed(match.gateways, facts.gateway, namespace)) return false;
  for (const [name, condition] of Object.entries(match.queryParams ?? {})) {
    if (!matchesString(condition, facts.query.get(name))) return false;
  }
  for (const [name, condition] of Object.entries(match.headers ?? {})) {
    if (!headerConditionHolds(name, condition, facts)) return false;
  }
  for (const [name, condition] of Object.entries(match.withoutHeaders ?? {})) {
    // `regex: "*"` is Istio's presence test in withoutHeaders (its validation skips it there only).
    const presence = condition.regex === '*' ? {} : condition;
    if (headerConditionHolds(name, presence, facts)) return false;
  }
  return true;
}

/** A header (or `@request.auth.claims.*` pseudo-header) condition; list claims hold if any element matches. */
function headerConditionHolds(name: string, condition: StringMatch, facts: RequestFacts): boolean {
  if (name.startsWith(CLAIM_PREFIX)) {
    const values = claimValues(facts.claims, name.slice(CLAIM_PREFIX.length));
    if (isCatchAllStringMatch(condition)) return values.length > 0;
    return values.some((value) => matchesString(condition, value));
  }
  return matchesString(condition, facts.headers.get(name.toLowerCase()));
}
