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
  /**
   * The Istio Gateway (`<namespace>/<name>`) the request entered through;
   * absent for sidecar traffic inside the mesh (Istio's `mesh` gateway).
   */
  readonly gateway?: string;
  /** Gateway traffic: claims already validated by a RequestAuthentication; otherwise the Bearer JWT is decoded. */
  readonly jwtClaims?: JwtClaims;
}

/** Istio's name for sidecar traffic in `gateways` lists. */
export const MESH_GATEWAY = 'mesh';

/** Where the request entered: its gateway, or `mesh` for sidecar traffic. */
export const entryGateway = (request: Pick<MeshRequest, 'gateway'>): string => request.gateway ?? MESH_GATEWAY;

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
