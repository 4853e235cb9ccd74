// Routes /api/0/... requests of the stand-in to its endpoints.
import { notFound, type ApiAnswer, type ApiContext, type ApiRequest } from './api-request.js';
import { countEvents } from './events-endpoint.js';
import { listIssues } from './issues-endpoint.js';
import { createDeploy, createRelease, getRelease, listDeploys } from './releases-endpoints.js';
import { querySessions } from './sessions-endpoint.js';

const methodNotAllowed = (method: string): ApiAnswer => ({ status: 405, body: { detail: `Method "${method}" not allowed.` } });

/** `segments` are the decoded path parts after /api/0/. */
export function routeApi(ctx: ApiContext, req: ApiRequest, segments: readonly string[], now: Date): ApiAnswer {
  const [root, org, resource, version, sub, ...rest] = segments;
  if (root !== 'organizations' || org !== ctx.organization || rest.length > 0) return notFound;
  const get = req.method === 'GET';
  const post = req.method === 'POST';
  if (resource === 'issues' && version === undefined) return get ? listIssues(ctx, req, now) : methodNotAllowed(req.method);
  if (resource === 'events' && version === undefined) return get ? countEvents(ctx, req, now) : methodNotAllowed(req.method);
  if (resource === 'sessions' && version === undefined) return get ? querySessions(ctx, req, now) : methodNotAllowed(req.method);
  if (resource === 'releases') {
    if (version === undefined) return post ? createRelease(ctx, req.body) : methodNotAllowed(req.method);
    if (sub === undefined) return get ? getRelease(ctx, version) : methodNotAllowed(req.method);
    if (sub === 'deploys') {
      if (get) return listDeploys(ctx, version);
      if (post) return createDeploy(ctx, version, req.body, now);
      return methodNotAllowed(req.method);
    }
  }
  return notFound;
}
