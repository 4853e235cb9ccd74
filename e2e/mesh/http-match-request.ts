// Evaluates one Istio HTTPMatchRequest: every condition present must hold
// (AND). Conditions about the source workload cannot hold for the stand-in's
// traffic generator, whose source is unknown and outside any gateway.
import { claimsFromAuthorization, claimValues, type JwtClaims } from './jwt-claims.js';
import { normalisedHeaders, type MeshRequest } from './mesh-request.js';
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
  readonly claims: JwtClaims;
}

export function requestFacts(request: MeshRequest): RequestFacts {
  const headers = normalisedHeaders(request);
  const [path = '/', queryString = ''] = (request.path ?? '/').split('?', 2);
  const decoded = claimsFromAuthorization(headers.get('authorization'));
  return {
    authority: request.host,
    method: (request.method ?? 'GET').toUpperCase(),
    path,
    port: request.port,
    headers,
    query: new Map(new URLSearchParams(queryString)),
    claims: request.jwtClaims ?? (decoded.ok ? decoded.claims : {}),
  };
}

export function matchesHttpMatchRequest(match: HttpMatchRequest, facts: RequestFacts): boolean {
  if (match.uri && !matchesString(match.uri, facts.path, { ignoreCase: match.ignoreUriCase ?? false })) return false;
  if (match.method && !matchesString(match.method, facts.method)) return false;
  if (match.authority && !matchesString(match.authority, facts.authority)) return false;
  if (match.port !== undefined && match.port !== facts.port) return false;
  if (match.sourceLabels && Object.keys(match.sourceLabels).length > 0) return false;
  if (match.sourceNamespace !== undefined) return false;
  if (match.gateways && match.gateways.length > 0 && !match.gateways.includes('mesh')) return false;
  for (const [name, condition] of Object.entries(match.queryParams ?? {})) {
    if (!matchesString(condition, facts.query.get(name))) return false;
  }
  for (const [name, condition] of Object.entries(match.headers ?? {})) {
    if (!headerConditionHolds(name, condition, facts)) return false;
  }
  for (const [name, condition] of Object.entries(match.withoutHeaders ?? {})) {
    if (headerConditionHolds(name, condition, facts)) return false;
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
