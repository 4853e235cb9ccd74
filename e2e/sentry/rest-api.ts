// Routes /api/0/... requests of the stand-in to its endpoints. Each endpoint
// names the scopes Sentry asks of it (auth-scopes.ts); the server checks them
// before the handler runs, as Sentry's permission classes do.
import { notFound, type ApiAnswer, type ApiContext, type ApiRequest } from './api-request.js';
import type { EndpointName } from './auth-scopes.js';
import { countEvents } from './events-endpoint.js';
import { listIssues } from './issues-endpoint.js';
import { createDeploy, createRelease, getRelease, listDeploys } from './releases-endpoints.js';
import { querySessions } from './sessions-endpoint.js';

const methodNotAllowed = (method: string): ApiAnswer => ({ status: 405, body: { detail: `Method "${method}" not allowed.` } });

export type Handler = (ctx: ApiContext, req: ApiRequest, now: Date) => ApiAnswer;
export type Route = { readonly endpoint: EndpointName; readonly handle: Handler } | { readonly answer: ApiAnswer };

/** `segments` are the decoded path parts after /api/0/. */
export function routeApi(ctx: ApiContext, method: string, segments: readonly string[]): Route {
  const [root, org, resource, version, sub, ...rest] = segments;
  if (root !== 'organizations' || org !== ctx.organization || rest.length > 0) return { answer: notFound };
  const only = (allowedMethod: string, endpoint: EndpointName, handle: Handler): Route => (method === allowedMethod ? { endpoint, handle } : { answer: methodNotAllowed(method) });
  if (resource === 'issues' && version === undefined) return only('GET', 'issues', listIssues);
  if (resource === 'events' && version === undefined) return only('GET', 'events', countEvents);
  if (resource === 'sessions' && version === undefined) return only('GET', 'sessions', querySessions);
  if (resource === 'releases') {
    if (version === undefined) return only('POST', 'createRelease', (c, r) => createRelease(c, r.body));
    if (sub === undefined) return only('GET', 'getRelease', (c) => getRelease(c, version));
    if (sub === 'deploys') {
      if (method === 'GET') return { endpoint: 'listDeploys', handle: (c, r) => listDeploys(c, version, r) };
      return only('POST', 'createDeploy', (c, r, now) => createDeploy(c, version, r.body, now));
    }
  }
  return { answer: notFound };
}
