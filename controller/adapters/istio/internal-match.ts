// Pure: a Canary's internal match in Istio's terms. Conditions of one
// InternalMatch are ANDed (one Istio match entry); entries are ORed.
import type { InternalMatch, StringMatch } from '../../schema/canary-spec.js';
import { cookieRegex } from '../../schema/cookie-regex.js';
import { failed, ok, type KubeResult } from '../kubernetes/kubernetes-errors.js';
import type { HttpMatchRequest, IstioStringMatch } from './istio-resources.js';

export const JWT_CLAIM_HEADER_PREFIX = '@request.auth.claims.';

export { cookieRegex, escapeRegex } from '../../schema/cookie-regex.js';

function stringMatch(match: StringMatch): IstioStringMatch {
  if (match.exact !== undefined) return { exact: match.exact };
  if (match.prefix !== undefined) return { prefix: match.prefix };
  return { regex: match.regex ?? '' };
}

export function istioMatch(match: InternalMatch): KubeResult<HttpMatchRequest> {
  const headers: Record<string, IstioStringMatch> = {};
  if (match.header) headers[match.header.name.toLowerCase()] = stringMatch(match.header);
  if (match.cookie) {
    if (headers.cookie) {
      return failed({ code: 'invalid', retryable: false, message: 'An internal match cannot test both the cookie header and a cookie: Istio allows one condition per header in a match entry' });
    }
    const { name, value, regex } = match.cookie;
    headers.cookie = regex !== undefined ? { regex } : { regex: cookieRegex(name ?? '', value ?? '') };
  }
  if (match.jwtClaim) headers[`${JWT_CLAIM_HEADER_PREFIX}${match.jwtClaim.name}`] = stringMatch(match.jwtClaim);
  if (Object.keys(headers).length === 0) {
    return failed({ code: 'invalid', retryable: false, message: 'An internal match needs a header, cookie or jwtClaim' });
  }
  return ok({ headers });
}

export function istioMatches(matches: readonly InternalMatch[]): KubeResult<HttpMatchRequest[]> {
  const result: HttpMatchRequest[] = [];
  for (const match of matches) {
    const translated = istioMatch(match);
    if (!translated.ok) return translated;
    result.push(translated.value);
  }
  return ok(result);
}
