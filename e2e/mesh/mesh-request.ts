// One HTTP request as the sidecar sees it, before routing.
import type { JwtClaims } from './jwt-claims.js';

export interface MeshRequest {
  /** The `:authority` (Host) the client asked for, e.g. `podinfo`. */
  readonly host: string;
  readonly path?: string;
  readonly method?: string;
  readonly port?: number;
  /** Header names are case-insensitive; values are single strings. */
  readonly headers: Readonly<Record<string, string>>;
  /** Extra cookies, folded into the `cookie` header before matching. */
  readonly cookies?: Readonly<Record<string, string>>;
  /** Claims already validated by a RequestAuthentication; otherwise the Bearer JWT is decoded. */
  readonly jwtClaims?: JwtClaims;
}

/** Lower-cased header map with `cookies` folded into the `cookie` header. */
export function normalisedHeaders(request: MeshRequest): ReadonlyMap<string, string> {
  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(request.headers)) headers.set(name.toLowerCase(), value);
  const extra = Object.entries(request.cookies ?? {}).map(([name, value]) => `${name}=${value}`);
  if (extra.length > 0) {
    const existing = headers.get('cookie');
    headers.set('cookie', [...(existing ? [existing] : []), ...extra].join('; '));
  }
  return headers;
}
