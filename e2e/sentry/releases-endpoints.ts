// Releases and deploys under /api/0/organizations/{org}/releases/, validated as
// Sentry's serializers validate them and answered in their shapes:
// - POST releases/ (organization_releases.py, ReleaseWithVersionSerializer in
//   api/serializers/rest_framework/release.py): 201 when created or when projects
//   were added, 208 when nothing changed; unknown projects → {"projects": ["Invalid project ids or slugs"]}.
// - POST releases/{version}/deploys/ (releases/endpoints/release_deploys.py, DeploySerializer):
//   name ≤ 64, environment required ≤ 64 and Environment.is_valid_name; always 201.
// - GET releases/{version}/deploys/: only each (project, environment)'s LAST deploy
//   (ReleaseProjectEnvironment.last_deploy_id), newest first, optionally of `project=` ids.
import { badRequest, notFound, type ApiAnswer, type ApiContext, type ApiRequest } from './api-request.js';
import { charField, dateTimeField, hasErrors, urlField, type FieldErrors } from './drf-fields.js';
import type { StoredDeploy, StoredRelease } from './ingest-store.js';
import { versionField } from './release-version.js';

type Json = Record<string, unknown>;

// src/sentry/constants.py: ENVIRONMENT_NAME_PATTERN and ENVIRONMENT_NAME_MAX_LENGTH.
const ENVIRONMENT_NAME = /^[^\n\r\f/]*$/;
const ENVIRONMENT_MAX_LENGTH = 64;
const DEPLOY_NAME_MAX_LENGTH = 64;

/** DRF refuses a body that is not a JSON object with a non-field error. */
function objectBody(body: unknown): { ok: true; body: Json } | { ok: false; answer: ApiAnswer } {
  if (body && typeof body === 'object' && !Array.isArray(body)) return { ok: true, body: body as Json };
  const got = Array.isArray(body) ? 'list' : body === undefined || body === null ? 'NoneType' : typeof body === 'string' ? 'str' : typeof body;
  return { ok: false, answer: { status: 400, body: { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] } } };
}

function toSentryDeploy(d: StoredDeploy): Json {
  return { id: d.id, environment: d.environment, name: d.name, url: d.url, dateStarted: d.dateStarted, dateFinished: d.dateFinished };
}

function toSentryRelease(ctx: ApiContext, r: StoredRelease): Json {
  const events = ctx.store.events().filter((e) => e.release === r.version).map((e) => e.timestamp).sort();
  const deploys = ctx.store.deploys().filter((d) => d.version === r.version);
  const last = deploys[deploys.length - 1];
  return {
    id: r.version, version: r.version, shortVersion: r.version, ref: null, url: null, dateReleased: null, dateCreated: r.dateCreated, data: {},
    newGroups: ctx.store.issues().filter((i) => i.firstRelease === r.version).length, owner: null, commitCount: 0, lastCommit: null,
    deployCount: deploys.length, lastDeploy: last ? toSentryDeploy(last) : null,
    firstEvent: events[0] ?? null, lastEvent: events[events.length - 1] ?? null, authors: [],
    projects: r.projects.map((slug) => ({ slug, name: slug, newGroups: 0, platform: 'node' })),
  };
}

function listField(errors: FieldErrors, body: Json, name: string, rules: { required: boolean; allowEmpty: boolean }): unknown[] | undefined {
  const value = body[name];
  if (value === undefined) {
    if (rules.required) errors[name] = ['This field is required.'];
    return undefined;
  }
  if (!Array.isArray(value)) {
    errors[name] = [`Expected a list of items but got type "${typeof value === 'string' ? 'str' : typeof value}".`];
    return undefined;
  }
  if (value.length === 0 && !rules.allowEmpty) {
    errors[name] = ['This list may not be empty.'];
    return undefined;
  }
  return value;
}

export function createRelease(ctx: ApiContext, body: unknown): ApiAnswer {
  const parsed = objectBody(body);
  if (!parsed.ok) return parsed.answer;
  const b = parsed.body;
  const errors: FieldErrors = {};
  const version = versionField(errors, b);
  const projects = listField(errors, b, 'projects', { required: true, allowEmpty: true });
  if (hasErrors(errors) || version === undefined || projects === undefined) return { status: 400, body: errors };
  const slugs: string[] = [];
  for (const idOrSlug of projects) {
    const project = typeof idOrSlug === 'number' ? ctx.store.projectById(String(idOrSlug)) : typeof idOrSlug === 'string' ? ctx.store.projectBySlug(idOrSlug) : undefined;
    if (!project) return { status: 400, body: { projects: ['Invalid project ids or slugs'] } };
    slugs.push(project.slug);
  }
  const { release, created, addedProjects } = ctx.store.upsertRelease(version, slugs);
  return { status: created || addedProjects ? 201 : 208, body: toSentryRelease(ctx, release) };
}

export function getRelease(ctx: ApiContext, version: string): ApiAnswer {
  const release = ctx.store.release(version);
  return release ? { status: 200, body: toSentryRelease(ctx, release) } : notFound;
}

export function listDeploys(ctx: ApiContext, version: string, req: ApiRequest): ApiAnswer {
  if (!ctx.store.release(version)) return notFound;
  const ids = req.query.getAll('project').filter((p) => p !== '-1');
  const slugs: string[] = [];
  for (const id of ids) {
    const project = ctx.store.projectById(id);
    if (!project) return { status: 403, body: { detail: 'You do not have permission to perform this action.' } };
    slugs.push(project.slug);
  }
  const deploys = ctx.store.lastDeploys(version, ids.length > 0 ? slugs : null).sort((a, b) => b.dateFinished.localeCompare(a.dateFinished) || Number(b.id) - Number(a.id));
  return { status: 200, body: deploys.map(toSentryDeploy) };
}

export function createDeploy(ctx: ApiContext, version: string, body: unknown, now: Date): ApiAnswer {
  const release = ctx.store.release(version);
  if (!release) return notFound;
  const parsed = objectBody(body);
  if (!parsed.ok) return parsed.answer;
  const b = parsed.body;
  const errors: FieldErrors = {};
  const name = charField(errors, b, 'name', { allowNull: true, allowBlank: true, maxLength: DEPLOY_NAME_MAX_LENGTH });
  const environment = charField(errors, b, 'environment', { required: true, maxLength: ENVIRONMENT_MAX_LENGTH });
  if (environment !== undefined && !ENVIRONMENT_NAME.test(environment)) errors['environment'] = ['Invalid value for environment'];
  const url = urlField(errors, b, 'url');
  const dateStarted = dateTimeField(errors, b, 'dateStarted');
  const dateFinished = dateTimeField(errors, b, 'dateFinished');
  const projects = listField(errors, b, 'projects', { required: false, allowEmpty: false });
  const unknown = (projects ?? []).filter((p) => typeof p !== 'string' || !ctx.store.projectBySlug(p));
  if (unknown.length > 0) errors['projects'] = [`Invalid project ${String(unknown[0])}`];
  if (hasErrors(errors) || environment === undefined) return { status: 400, body: errors };
  const chosen = (projects as string[] | undefined) ?? release.projects;
  const outside = chosen.filter((p) => !release.projects.includes(p));
  if (outside.length > 0) return badRequest(`Invalid projects (${outside.join(', ')}) for release ${version}`);
  const deploy = ctx.store.addDeploy({
    version, environment, name: name || null, url: url ?? null,
    dateStarted: dateStarted ?? null, dateFinished: dateFinished ?? now.toISOString(), projects: chosen,
  });
  return { status: 201, body: toSentryDeploy(deploy) };
}
