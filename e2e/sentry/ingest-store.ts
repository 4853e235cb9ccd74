// What the stand-in has received: events grouped into issues, sessions,
// releases and deploys. One store per stand-in; nothing is shared.
import { createHash } from 'node:crypto';
import { groupEvent, type Frame } from './grouping.js';
import { transactionOf, type StoredTransaction } from './transactions.js';

export interface StandInProject {
  readonly id: string;
  readonly slug: string;
}

export interface StoredEvent {
  readonly eventId: string;
  readonly projectId: string;
  readonly type: 'error' | 'default';
  readonly release: string | null;
  readonly environment: string | null;
  readonly level: string;
  readonly timestamp: string;
  readonly exceptionType?: string;
  readonly exceptionValue?: string;
  readonly frames: readonly Frame[];
  readonly title: string;
  readonly culprit: string;
  readonly issueId: string;
  readonly userKey?: string;
}

export interface StoredIssue {
  readonly id: string;
  readonly shortId: string;
  readonly projectId: string;
  readonly projectSlug: string;
  readonly fingerprint: string;
  readonly title: string;
  readonly culprit: string;
  readonly level: string;
  readonly count: number;
  readonly userCount: number;
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly firstRelease: string | null;
  readonly status: 'unresolved';
  readonly metadata: { readonly type?: string; readonly value?: string };
  readonly permalink: string;
}

/** One session (by sid) or one bucket of an aggregate, with its counts. */
export interface StoredSessions {
  readonly key: string;
  readonly projectId: string;
  readonly release: string;
  readonly environment: string | null;
  readonly started: string;
  readonly total: number;
  readonly crashed: number;
  readonly errored: number;
  readonly abnormal: number;
}

export interface StoredRelease {
  readonly version: string;
  readonly projects: readonly string[];
  readonly dateCreated: string;
}

export interface StoredDeploy {
  readonly id: string;
  readonly version: string;
  readonly environment: string;
  readonly name: string | null;
  readonly url: string | null;
  readonly dateStarted: string | null;
  readonly dateFinished: string;
  readonly projects: readonly string[];
}

type Json = Record<string, unknown>;
const asObject = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const asString = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function isoOf(value: unknown, fallback: Date): string {
  if (typeof value === 'number') return new Date(value * 1000).toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return fallback.toISOString();
}

export function createIngestStore(config: { organization: string; projects: readonly StandInProject[]; baseUrl: () => string; now?: () => Date }) {
  const now = config.now ?? (() => new Date());
  const events: StoredEvent[] = [];
  const transactions: StoredTransaction[] = [];
  const issues = new Map<string, StoredIssue>();
  const issueUsers = new Map<string, Set<string>>();
  const sessions = new Map<string, StoredSessions>();
  const releases = new Map<string, StoredRelease>();
  const deploys: StoredDeploy[] = [];
  // Sentry keeps one ReleaseProjectEnvironment row per (release, project, environment)
  // whose last_deploy_id each new deploy overwrites (release_deploys.py create_deploy).
  const lastDeployIds = new Map<string, string>();
  const lastDeployKey = (version: string, project: string, environment: string) => JSON.stringify([version, project, environment]);

  const projectById = (id: string) => config.projects.find((p) => p.id === id);

  function issueFor(projectId: string, fingerprint: string, first: { title: string; culprit: string; level: string; at: string; release: string | null; type?: string; value?: string }): StoredIssue {
    const key = `${projectId}:${fingerprint}`;
    const known = issues.get(key);
    if (known) return known;
    const slug = projectById(projectId)?.slug ?? `project-${projectId}`;
    const id = BigInt(`0x${createHash('sha1').update(key).digest('hex').slice(0, 10)}`).toString();
    const inProject = [...issues.values()].filter((i) => i.projectId === projectId).length;
    const issue: StoredIssue = {
      id, shortId: `${slug.toUpperCase()}-${(inProject + 1).toString(36).toUpperCase()}`, projectId, projectSlug: slug, fingerprint,
      title: first.title, culprit: first.culprit, level: first.level, count: 0, userCount: 0,
      firstSeen: first.at, lastSeen: first.at, firstRelease: first.release, status: 'unresolved',
      metadata: { type: first.type, value: first.value },
      permalink: `${config.baseUrl()}/organizations/${config.organization}/issues/${id}/`,
    };
    issues.set(key, issue);
    issueUsers.set(key, new Set());
    return issue;
  }

  function addEvent(projectId: string, event: Json): StoredEvent {
    const grouping = groupEvent(event);
    const at = isoOf(event['timestamp'], now());
    const release = asString(event['release']) ?? null;
    const level = asString(event['level']) ?? 'error';
    const issue = issueFor(projectId, grouping.fingerprint, { title: grouping.title, culprit: grouping.culprit, level, at, release, type: grouping.exceptionType, value: grouping.exceptionValue });
    const key = `${projectId}:${grouping.fingerprint}`;
    const user = asObject(event['user']);
    const userKey = asString(user?.['id']) ?? asString(user?.['email']) ?? asString(user?.['ip_address']);
    const users = issueUsers.get(key) ?? new Set<string>();
    if (userKey) users.add(userKey);
    issues.set(key, {
      ...issue,
      count: issue.count + 1,
      userCount: users.size,
      firstSeen: at < issue.firstSeen ? at : issue.firstSeen,
      lastSeen: at > issue.lastSeen ? at : issue.lastSeen,
      firstRelease: at < issue.firstSeen ? release : issue.firstRelease,
    });
    const stored: StoredEvent = {
      eventId: asString(event['event_id']) ?? createHash('sha1').update(`${events.length}${at}`).digest('hex').slice(0, 32),
      projectId, type: grouping.exceptionType ? 'error' : 'default', release, environment: asString(event['environment']) ?? null,
      level, timestamp: at, exceptionType: grouping.exceptionType, exceptionValue: grouping.exceptionValue, frames: grouping.frames,
      title: grouping.title, culprit: grouping.culprit, issueId: issue.id, ...(userKey ? { userKey } : {}),
    };
    events.push(stored);
    return stored;
  }

  /** A `transaction` item; one Relay would drop is not stored. */
  function addTransaction(projectId: string, payload: Json): void {
    const stored = transactionOf(projectId, payload, createHash('sha1').update(`t${transactions.length}`).digest('hex').slice(0, 32));
    if (typeof stored !== 'string') transactions.push(stored);
  }

  /** A `session` item: one session's update, keyed by its sid; the latest update wins. */
  function addSession(projectId: string, session: Json): void {
    const attrs = asObject(session['attrs']) ?? {};
    const release = asString(attrs['release']);
    const sid = asString(session['sid']);
    if (!release || !sid) return;
    const key = `${projectId}:sid:${sid}`;
    const status = asString(session['status']) ?? 'ok';
    const errors = typeof session['errors'] === 'number' ? session['errors'] : 0;
    const previous = sessions.get(key);
    sessions.set(key, {
      key, projectId, release, environment: asString(attrs['environment']) ?? null,
      started: previous?.started ?? isoOf(session['started'], now()), total: 1,
      crashed: status === 'crashed' ? 1 : 0, abnormal: status === 'abnormal' ? 1 : 0,
      errored: status === 'errored' || errors > 0 ? 1 : 0,
    });
  }

  /** A `sessions` item: pre-aggregated buckets {started, exited, errored, crashed, abnormal}. */
  function addAggregates(projectId: string, payload: Json): void {
    const attrs = asObject(payload['attrs']) ?? {};
    const release = asString(attrs['release']);
    const buckets = payload['aggregates'];
    if (!release || !Array.isArray(buckets)) return;
    for (const raw of buckets) {
      const b = asObject(raw) ?? {};
      const n = (k: string) => (typeof b[k] === 'number' ? (b[k] as number) : 0);
      const key = `${projectId}:agg:${sessions.size}`;
      sessions.set(key, {
        key, projectId, release, environment: asString(attrs['environment']) ?? null, started: isoOf(b['started'], now()),
        total: n('exited') + n('errored') + n('crashed') + n('abnormal'), crashed: n('crashed'), errored: n('errored'), abnormal: n('abnormal'),
      });
    }
  }

  function upsertRelease(version: string, projects: readonly string[]): { release: StoredRelease; created: boolean; addedProjects: boolean } {
    const known = releases.get(version);
    if (known) {
      const added = projects.filter((p) => !known.projects.includes(p));
      const release = { ...known, projects: [...known.projects, ...added] };
      releases.set(version, release);
      return { release, created: false, addedProjects: added.length > 0 };
    }
    const release = { version, projects: [...projects], dateCreated: now().toISOString() };
    releases.set(version, release);
    return { release, created: true, addedProjects: false };
  }

  function addDeploy(deploy: Omit<StoredDeploy, 'id'>): StoredDeploy {
    const stored = { ...deploy, id: String(deploys.length + 1) };
    deploys.push(stored);
    for (const project of stored.projects) lastDeployIds.set(lastDeployKey(stored.version, project, stored.environment), stored.id);
    return stored;
  }

  /** The deploys that are the last of their (project, environment) for this release, optionally of some projects only. */
  function lastDeploys(version: string, projectSlugs: readonly string[] | null): StoredDeploy[] {
    const ids = new Set<string>();
    for (const [key, id] of lastDeployIds) {
      const [v, project] = JSON.parse(key) as [string, string, string];
      if (v === version && (projectSlugs === null || projectSlugs.includes(project))) ids.add(id);
    }
    return deploys.filter((d) => ids.has(d.id));
  }

  return {
    addEvent, addTransaction, addSession, addAggregates, upsertRelease, addDeploy, lastDeploys,
    projectById,
    projectBySlug: (slug: string) => config.projects.find((p) => p.slug === slug),
    projectSlugs: (): string[] => config.projects.map((p) => p.slug),
    events: (): StoredEvent[] => [...events],
    transactions: (): StoredTransaction[] => [...transactions],
    issues: (): StoredIssue[] => [...issues.values()],
    sessions: (): StoredSessions[] => [...sessions.values()],
    release: (version: string): StoredRelease | undefined => releases.get(version),
    releases: (): StoredRelease[] => [...releases.values()],
    deploys: (): StoredDeploy[] => [...deploys],
  };
}

export type IngestStore = ReturnType<typeof createIngestStore>;
