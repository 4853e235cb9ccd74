// How the traffic generator marks internal users. Any combination of a
// header, a cookie and a JWT claim (sent as `Authorization: Bearer <jwt>`);
// customers carry none of them.
import type { MeshRequest } from './mesh-request.js';
import type { UserKind } from './request-outcome.js';
import { signTestJwt } from './test-jwt.js';

export interface NameValue<V = string> {
  readonly name: string;
  readonly value: V;
}

export interface InternalIdentity {
  readonly header?: NameValue;
  readonly cookie?: NameValue;
  readonly jwtClaim?: NameValue<string | readonly string[]>;
}

/** Header `x-songbird-user: internal`, cookie `songbird-user=internal`, JWT claim `groups: ["internal"]`. */
export const DEFAULT_INTERNAL_IDENTITY: InternalIdentity = {
  header: { name: 'x-songbird-user', value: 'internal' },
  cookie: { name: 'songbird-user', value: 'internal' },
  jwtClaim: { name: 'groups', value: ['internal'] },
};

/** Builds the request each kind of user sends to `host`. */
export function requestFactory(host: string, identity: InternalIdentity): (user: UserKind) => MeshRequest {
  const headers: Record<string, string> = { 'user-agent': 'songbird-mesh-traffic' };
  if (identity.header) headers[identity.header.name.toLowerCase()] = identity.header.value;
  if (identity.cookie) headers['cookie'] = `${identity.cookie.name}=${identity.cookie.value}`;
  if (identity.jwtClaim) headers['authorization'] = `Bearer ${signTestJwt({ [identity.jwtClaim.name]: identity.jwtClaim.value })}`;
  const internal: MeshRequest = { host, path: '/', method: 'GET', headers };
  const customer: MeshRequest = { host, path: '/', method: 'GET', headers: { 'user-agent': 'songbird-mesh-traffic' } };
  return (user) => (user === 'internal' ? internal : customer);
}
