// Releases and deploys under /api/0/organizations/{org}/releases/.
// POST of an existing release answers 208 (as Sentry does) unless it adds projects.
import { badRequest, notFound, type ApiAnswer, type ApiContext } from './api-request.js';
import type { StoredRelease } from './ingest-store.js';

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const optionalString = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function toSentryRelease(ctx: ApiContext, r: StoredRelease): Json {
  const events = ctx.store.events().filter((e) => e.release === r.version).map((e) => e.timestamp).sort();
  const deploys = ctx.store.deploys().filter((d) => d.version === r.version);
  const last = deploys[deploys.length - 1];
  return {
    id: r.version, version: r.version, shortVersion: r.version, ref: null, url: null, dateReleased: null, dateCreated: r.dateCreated, data: {},
    newGroups: ctx.store.issues().filter((i) => i.firstRelease === r.version).length, owner: null, commitCount: 0, lastCommit: null,
    deployCount: deploys.length, lastDeploy: last ? { id: last.id, environment: last.environment, name: last.name, dateFinished: last.dateFinished } : null,
    firstEvent: events[0] ?? null, lastEvent: events[events.length - 1] ?? null, authors: [],
    projects: r.projects.map((slug) => ({ slug, name: slug, newGroups: 0, platform: 'node' })),
  };
}

export function createRelease(ctx: ApiContext, body: unknown): ApiAnswer {
  const b = asObject(body);
  const version = optionalString(b['version']);
  if (!version) return { status: 400, body: { version: ['This field is required.'] } };
  if (/[\n\t/\\]/.test(version) || version === '.' || version === '..') return { status: 400, body: { version: ['Release with name contains invalid characters.'] } };
  const projects = b['projects'];
  if (!Array.isArray(projects) || projects.length === 0 || !projects.every((p) => typeof p === 'string')) return { status: 400, body: { projects: ['This field is required.'] } };
  const unknownSlug = (projects as string[]).find((slug) => !ctx.store.projectSlugs().includes(slug));
  if (unknownSlug) return badRequest('Invalid project slugs');
  const { release, created, addedProjects } = ctx.store.upsertRelease(version, projects as string[]);
  return { status: created || addedProjects ? 201 : 208, body: toSentryRelease(ctx, release) };
}

export function getRelease(ctx: ApiContext, version: string): ApiAnswer {
  const release = ctx.store.release(version);
  return release ? { status: 200, body: toSentryRelease(ctx, release) } : notFound;
}

function toSentryDeploy(d: { id: string; environment: string; name: string | null; url: string | null; dateStarted: string | null; dateFinished: string }): Json {
  return { id: d.id, environment: d.environment, name: d.name, url: d.url, dateStarted: d.dateStarted, dateFinished: d.dateFinished };
}

export function listDeploys(ctx: ApiContext, version: string): ApiAnswer {
  if (!ctx.store.release(version)) return notFound;
  const deploys = ctx.store.deploys().filter((d) => d.version === version).reverse();
  return { status: 200, body: deploys.map(toSentryDeploy) };
}

export function createDeploy(ctx: ApiContext, version: string, body: unknown, now: Date): ApiAnswer {
  const release = ctx.store.release(version);
  if (!release) return notFound;
  const b = asObject(body);
  const environment = optionalString(b['environment']);
  if (!environment) return { status: 400, body: { environment: ['This field is required.'] } };
  const projects = Array.isArray(b['projects']) ? (b['projects'] as unknown[]).filter((p): p is string => typeof p === 'string') : release.projects;
  const deploy = ctx.store.addDeploy({
    version, environment, name: optionalString(b['name']), url: optionalString(b['url']),
    dateStarted: optionalString(b['dateStarted']), dateFinished: optionalString(b['dateFinished']) ?? now.toISOString(), projects,
  });
  return { status: 201, body: toSentryDeploy(deploy) };
}
