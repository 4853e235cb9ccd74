// Claims for Istio's `@request.auth.claims.<name>` pseudo-headers. The mesh
// stand-in plays a RequestAuthentication that accepts the test issuer, so the
// payload is decoded but not verified.

export type JwtClaims = Readonly<Record<string, unknown>>;

export type ClaimsResult =
  | { readonly ok: true; readonly claims: JwtClaims }
  | { readonly ok: false; readonly code: 'no-bearer-token' | 'malformed-jwt'; readonly message: string };

/** Decodes the payload of `Authorization: Bearer <jwt>`. */
export function claimsFromAuthorization(authorization: string | undefined): ClaimsResult {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return { ok: false, code: 'no-bearer-token', message: 'no bearer token in Authorization header' };
  const parts = match[1].split('.');
  if (parts.length !== 3 || !parts[1]) return { ok: false, code: 'malformed-jwt', message: 'JWT must have three parts' };
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      return { ok: false, code: 'malformed-jwt', message: 'JWT payload is not a JSON object' };
    }
    return { ok: true, claims: payload as JwtClaims };
  } catch (error) {
    return { ok: false, code: 'malformed-jwt', message: `JWT payload is not JSON: ${String(error)}` };
  }
}

/**
 * The string values a claim offers to a StringMatch. A list claim offers each
 * string element (Istio matches if any element matches); a nested claim is
 * addressed with `.` (`level1.level2`) when no claim has the literal name.
 */
export function claimValues(claims: JwtClaims, name: string): readonly string[] {
  const value = name in claims ? claims[name] : nestedClaim(claims, name.split('.'));
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean') return [String(value)];
  return [];
}

function nestedClaim(claims: JwtClaims, path: readonly string[]): unknown {
  let current: unknown = claims;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
