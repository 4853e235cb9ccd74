// Which token may call which endpoint, as Sentry decides it.
//
// - Token kinds by prefix (src/sentry/types/token.py, AuthTokenType): `sntryu_`
//   user tokens, `sntrys_` organisation auth tokens, `sntrya_` user-app tokens,
//   `sntryi_` integration tokens. Organisation auth tokens are always created with
//   `scope_list=["org:ci"]` (OrganizationAuthTokensEndpoint.post, org_auth_tokens.py), so they
//   can only do what `org:ci` allows: releases and deploys, never issues or events.
// - Scopes per endpoint: the `security` of each operation in
//   getsentry/sentry-api-schema openapi-derefed.json (the permission class's
//   `scope_map` in Sentry's source); any one listed scope is enough.
// - A missing scope is answered 403 with DRF's PermissionDenied body.
import type { ApiAnswer } from './api-request.js';

export type EndpointName = 'issues' | 'events' | 'sessions' | 'createRelease' | 'getRelease' | 'listDeploys' | 'createDeploy';

export const ENDPOINT_SCOPES: Record<EndpointName, readonly string[]> = {
  issues: ['event:admin', 'event:read', 'event:write'],
  events: ['org:admin', 'org:read', 'org:write'],
  sessions: ['org:admin', 'org:read', 'org:write'],
  createRelease: ['org:ci', 'project:admin', 'project:releases', 'project:write'],
  getRelease: ['org:ci', 'project:admin', 'project:read', 'project:releases', 'project:write'],
  listDeploys: ['org:ci', 'project:admin', 'project:read', 'project:releases', 'project:write'],
  createDeploy: ['org:ci', 'project:admin', 'project:releases', 'project:write'],
};

/** What an internal integration or a user token made for Songbird carries. */
export const DEFAULT_SCOPES: readonly string[] = ['org:read', 'event:read', 'project:read', 'project:releases'];

export const ORG_TOKEN_PREFIX = 'sntrys_';
const ORG_TOKEN_SCOPES: readonly string[] = ['org:ci'];

/** The scopes a token carries: an organisation auth token carries only `org:ci`, whatever is asked. */
export function scopesOfToken(token: string, asked: readonly string[] | undefined): readonly string[] {
  if (token.startsWith(ORG_TOKEN_PREFIX)) {
    if (asked && asked.some((s) => !ORG_TOKEN_SCOPES.includes(s))) {
      throw new Error(`an organization auth token (${ORG_TOKEN_PREFIX}…) carries only org:ci in Sentry, not ${asked.join(', ')}`);
    }
    return ORG_TOKEN_SCOPES;
  }
  return asked ?? DEFAULT_SCOPES;
}

export const permissionDenied: ApiAnswer = { status: 403, body: { detail: 'You do not have permission to perform this action.' } };

export function allowed(endpoint: EndpointName, scopes: readonly string[]): boolean {
  return ENDPOINT_SCOPES[endpoint].some((s) => scopes.includes(s));
}
