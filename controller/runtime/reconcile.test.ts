import pino from 'pino';
import type { CanaryResource } from '../schema/canary.js';
import type { CanaryStatus } from '../schema/canary-status.js';
import { FINALIZER } from '../core/removal.js';
import type { WorkloadObservation } from '../core/observations.js';
import type { SecretKeyRef } from '../schema/canary-spec.js';
import type { NotificationKind } from '../core/notifications.js';
import { createSlackNotifier, type SlackWebhookSource } from '../adapters/slack/slack-notifier.js';
import { onlyKinds } from './notifiers/notification-filter.js';
import type { Notifier } from './notifiers/notifier.js';
import type { ClusterPorts, Outcome, Ports } from './ports.js';
import { reconcileCanary } from './reconcile.js';
import { unaskedPorts } from './checks/unasked-providers.js';

// The runtime's order of things, on an in-memory cluster: the status that
// records a notification is written before the notification is sent, a status
// write never goes over a Canary that changed since it was read, and what
// every channel accepted leaves the outbox. Slack is the real notifier
// (adapters/slack/slack-notifier.ts) over an in-memory sender.

const NOW = new Date('2026-11-30T10:00:00Z');
const workload = (revision: string): WorkloadObservation => ({
  exists: true,
  revision,
  template: { metadata: { labels: { app: 'podinfo' } }, spec: { containers: [{ name: 'app', image: `podinfo:${revision}` }] } },
  replicas: 2,
  available: true,
  selector: { app: 'podinfo' },
});
const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

interface WorldOptions {
  status?: CanaryStatus;
  /** A stored status as the apiserver may hold it, parsing or not (instead of `status`). */
  stored?: unknown;
  finalizer?: boolean;
  writtenAfterEachRead?: boolean;
  /** Whether the Canary names its own Slack webhook (default true). */
  ownWebhook?: boolean;
  /** The controller-wide default webhook (SONGBIRD_SLACK_DEFAULT_WEBHOOK). */
  defaultWebhook?: SlackWebhookSource;
  /** Slack's filter (SONGBIRD_SLACK_NOTIFY_ON); all kinds when undefined. */
  slackKinds?: NotificationKind[];
  /** What reading the webhook Secret answers (default a URL). */
  secret?: Outcome<string>;
  /** More notifiers after Slack. */
  more?: Notifier[];
}

function world(initial: WorldOptions = {}) {
  const log: string[] = [];
  let resourceVersion = 1;
  const canary: CanaryResource = {
    apiVersion: 'songbird.dev/v1alpha1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'shop', uid: 'u1', generation: 1, resourceVersion: '1', finalizers: initial.finalizer === false ? [] : [FINALIZER] },
    spec: {
      targetRef: { name: 'podinfo' },
      service: { port: 9898 },
      stages: { steps: [{ weight: 50 }] },
      analysis: { interval: '30s', checks: [{ name: 'success-rate', type: 'successRate', min: 99 }] },
      notifications: initial.ownWebhook === false ? {} : { slack: { webhookSecretRef: { name: 'slack', key: 'url' } } },
    },
    status: initial.stored ?? initial.status ?? {},
  } as CanaryResource;
  const bump = () => {
    resourceVersion += 1;
    canary.metadata.resourceVersion = String(resourceVersion);
  };
  let slackAnswers: Array<'ok' | 'down'> = [];
  const done = async () => ok(undefined);
  const events: Array<{ reason: string; message: string }> = [];
  /** A write to the primary Deployment, logged: a status that did not parse must never cause one. */
  const primaryWrite = (what: string) => async () => {
    log.push(`primary ${what}`);
    return ok(undefined);
  };
  const cluster: ClusterPorts = {
    getCanary: async () => {
      const read = structuredClone(canary);
      if (initial.writtenAfterEachRead) bump(); // someone else writes the Canary right after each read
      return ok(read);
    },
    writeStatus: async (_key, status, expected) => {
      if (expected !== canary.metadata.resourceVersion) {
        log.push('writeStatus refused: conflict');
        return { ok: false, error: { code: 'conflict', message: 'the object has been modified', retryable: true } };
      }
      canary.status = structuredClone(status);
      bump();
      log.push(`writeStatus outbox=[${(status.outbox ?? []).map((e) => e.id).join(',')}]`);
      return ok({ resourceVersion: canary.metadata.resourceVersion! });
    },
    observeWorkloads: async () => ok({ target: workload('v2'), primary: workload('v1') }),
    ensurePrimary: primaryWrite('ensurePrimary'),
    scaleCanary: done,
    applyRoutes: done,
    recordEvent: async (_c, event) => {
      log.push(`event ${event.reason}`);
      events.push({ reason: event.reason, message: event.message });
      return ok(undefined);
    },
    readSecret: async (namespace: string, ref: SecretKeyRef) => {
      log.push(`readSecret ${namespace}/${ref.name}:${ref.key}`);
      return initial.secret ?? ok('https://hooks.slack.test/services/T0/B0/x');
    },
    observeAutoscaler: async () => ok(undefined),
    observeRoutes: async () => ok([]),
    setFinalizer: async (_key, present) => {
      canary.metadata.finalizers = present ? [FINALIZER] : [];
      bump();
      log.push(`setFinalizer ${present}`);
      return ok('added');
    },
    scalePrimary: primaryWrite('scalePrimary'),
    revertPrimary: primaryWrite('revertPrimary'),
    ensurePrimaryAutoscaler: done,
    handBack: done,
  };
  const slack = createSlackNotifier({
    sender: {
      send: async (_url, message) => {
        const answer = slackAnswers.shift() ?? 'ok';
        log.push(`slack ${answer}: ${message.text.replace(/\n/g, ' ')}`);
        return answer === 'ok' ? { ok: true } : { ok: false, error: { code: 'server', message: 'Slack answered 503', retryable: true, attempts: 1 } };
      },
    },
    readSecret: cluster.readSecret,
    defaultWebhook: initial.defaultWebhook,
    filter: onlyKinds(initial.slackKinds),
  });
  const ports: Ports = {
    ...unaskedPorts(),
    cluster,
    notifiers: [slack, ...(initial.more ?? [])],
  };
  const observer = { reconciled: () => {}, removed: () => {}, failed: (system: string, reason: string) => log.push(`failed ${system} ${reason}`) };
  const deps = { ports, logger: pino({ level: 'silent' }), clock: () => NOW, observer };
  return {
    canary,
    status: () => canary.status as CanaryStatus | undefined,
    log,
    events,
    slack: (answers: Array<'ok' | 'down'>) => (slackAnswers = answers),
    reconcile: () => reconcileCanary(deps, { namespace: 'shop', name: 'podinfo' }),
  };
}

const idle: CanaryStatus = { phase: 'Succeeded', canaryRevision: 'v1', lastPromotedRevision: 'v1', rolloutNumber: 1 };
const rollout = { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'v1' };
const waitingEntry = (id: string, notification: object | string) => ({
  id,
  notification: typeof notification === 'string' ? notification : JSON.stringify(notification),
  queuedAt: NOW.toISOString(),
  attempts: 0,
});
const rolledBack = waitingEntry('v1#1:rolledBack', { kind: 'rolledBack', rollout, reason: 'success-rate 91 % below 99 %', stage: '50 %' });

/** A notifier kept in memory: it serves every Canary, takes the kinds listed and answers as scripted (default sent). */
function recordingNotifier(name: string, kinds: NotificationKind[], log: string[], answers: Array<'sent' | 'retry' | 'refused'> = []): Notifier {
  return {
    channel: 'jira',
    serves: () => true,
    accepts: onlyKinds(kinds),
    deliver: async (_target, pending) =>
      pending.map(({ id }) => {
        const outcome = answers.shift() ?? 'sent';
        log.push(`${name} ${outcome}: ${id}`);
        return outcome === 'sent' ? { id, outcome } : { id, outcome, message: `${name} answered ${outcome}` };
      }),
  };
}

describe('reconcile', () => {
  it('writes the status that holds a notification before sending it, then empties the outbox once Slack accepted it', async () => {
    const w = world({ status: idle });
    await w.reconcile();
    const writeFirst = w.log.findIndex((l) => l.startsWith('writeStatus outbox=[v2#2:rolloutStarted]'));
    const sent = w.log.findIndex((l) => l.startsWith('slack ok'));
    expect(writeFirst).toBeGreaterThanOrEqual(0);
    expect(sent).toBeGreaterThan(writeFirst);
    expect(w.log.slice(sent + 1)).toContain('writeStatus outbox=[]');
    expect(w.status()?.outbox).toBeUndefined();
    expect(w.status()?.notified).toContain('v2#2:rolloutStarted');
  });

  it('keeps a notification Slack did not accept in the outbox, says so with an Event, and asks to be called again for it', async () => {
    const w = world({ status: idle });
    w.slack(['down']);
    const next = await w.reconcile();
    expect(w.status()?.outbox?.map((e) => ({ id: e.id, attempts: e.attempts }))).toEqual([{ id: 'v2#2:rolloutStarted', attempts: 1 }]);
    expect(w.log).toContain('event NotificationFailed');
    expect(next).toBeLessThanOrEqual(15_000);
  });

  it('sends a notification left in the outbox by a controller that died before sending it, once', async () => {
    const waiting = { id: 'v1#1:promoted', notification: JSON.stringify({ kind: 'promoted', rollout: { namespace: 'shop', name: 'podinfo', service: 'podinfo', revision: 'v1' }, durationMs: 60_000, canaryRequests: 300 }), queuedAt: NOW.toISOString(), attempts: 0 };
    const w = world({ status: { ...idle, outbox: [waiting] } });
    await w.reconcile();
    await w.reconcile();
    expect(w.log.filter((l) => l.startsWith('slack ok') && l.includes('Promoted'))).toHaveLength(1);
    expect(w.status()?.outbox).toBeUndefined();
  });

  it('adds the finalizer and writes the first status in one reconcile, with no conflict', async () => {
    const w = world({ status: {}, finalizer: false });
    await w.reconcile();
    expect(w.log[0]).toBe('setFinalizer true');
    expect(w.log).not.toContain('writeStatus refused: conflict');
    expect(w.status()?.phase).toBeDefined();
  });

  it('never writes over a Canary that changed since it was read, sends nothing then, and reconciles again at once', async () => {
    const w = world({ status: idle, writtenAfterEachRead: true });
    const next = await w.reconcile();
    expect(w.log).toContain('writeStatus refused: conflict');
    expect(w.log.some((l) => l.startsWith('slack'))).toBe(false);
    expect(w.canary.status).toEqual(idle);
    expect(next).toBe(0);
  });
  it('lets a notification leave the outbox without a message or an Event when no channel has a destination for the Canary', async () => {
    const w = world({ status: idle, ownWebhook: false });
    await w.reconcile();
    expect(w.log.some((l) => l.startsWith('slack') || l.startsWith('readSecret') || l === 'event NotificationFailed')).toBe(false);
    expect(w.status()?.outbox).toBeUndefined();
    expect(w.status()?.notified).toContain('v2#2:rolloutStarted');
  });

  it('sends to the controller-wide default webhook from config when the Canary names none', async () => {
    const w = world({ status: idle, ownWebhook: false, defaultWebhook: { namespace: 'songbird-system', ref: { name: 'slack-default', key: 'url' } } });
    await w.reconcile();
    expect(w.log).toContain('readSecret songbird-system/slack-default:url');
    expect(w.log.filter((l) => l.startsWith('slack ok'))).toHaveLength(1);
    expect(w.status()?.outbox).toBeUndefined();
  });

  it("reads the Canary's own webhook, not the default, when it names one", async () => {
    const w = world({ status: idle, defaultWebhook: { namespace: 'songbird-system', ref: { name: 'slack-default', key: 'url' } } });
    await w.reconcile();
    expect(w.log.filter((l) => l.startsWith('readSecret'))).toEqual(['readSecret shop/slack:url']);
  });

  it('sends Slack only the kinds its filter lets through, and lets the others leave the outbox without an Event', async () => {
    const w = world({ status: { ...idle, outbox: [rolledBack] }, slackKinds: ['rolledBack'] });
    await w.reconcile();
    const sent = w.log.filter((l) => l.startsWith('slack ok'));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/roll/i);
    expect(sent[0]).not.toMatch(/started/i);
    expect(w.log).not.toContain('event NotificationFailed');
    expect(w.status()?.outbox).toBeUndefined();
  });

  it('gives each channel only what its filter takes: a rollback-only channel hears of the rollback, Slack of everything', async () => {
    const log: string[] = [];
    const w = world({ status: { ...idle, outbox: [rolledBack] }, more: [recordingNotifier('tracker', ['rolledBack'], log)] });
    await w.reconcile();
    expect(log).toEqual(['tracker sent: v1#1:rolledBack']);
    expect(w.log.filter((l) => l.startsWith('slack ok'))).toHaveLength(2);
    expect(w.status()?.outbox).toBeUndefined();
  });

  it('keeps an entry in the outbox, with an Event, while one channel that took it has not accepted it, though another did', async () => {
    const log: string[] = [];
    const w = world({ status: { ...idle, outbox: [rolledBack] }, more: [recordingNotifier('tracker', ['rolledBack'], log, ['retry'])] });
    await w.reconcile();
    expect(w.status()?.outbox?.map((e) => ({ id: e.id, attempts: e.attempts }))).toEqual([{ id: 'v1#1:rolledBack', attempts: 1 }]);
    expect(w.log).toContain('event NotificationFailed');
    expect(w.log).toContain('failed jira retry');
    expect(w.status()?.notified).toContain('v2#2:rolloutStarted');
  });

  it('sends a retry only to the channel that did not take the entry: Slack does not post the rollback twice while the tracker retries', async () => {
    const log: string[] = [];
    const w = world({ status: { ...idle, outbox: [{ ...rolledBack, attempts: 1, lastTriedAt: '2026-11-30T09:00:00Z', channels: [{ channel: 'slack', state: 'sent' as const }, { channel: 'jira', state: 'retrying' as const }] }] }, more: [recordingNotifier('tracker', ['rolledBack'], log)] });
    await w.reconcile();
    expect(log).toEqual(['tracker sent: v1#1:rolledBack']);
    expect(w.log.filter((l) => l.startsWith('slack ok') && /roll(ed)? ?back/i.test(l))).toEqual([]);
    expect(w.status()?.outbox).toBeUndefined();
  });

  it('refuses an outbox entry that is not a notification Songbird wrote, with an Event, and still sends the others', async () => {
    const w = world({ status: { ...idle, outbox: [waitingEntry('forged', '{"kind":"wire money"}')] } });
    await w.reconcile();
    expect(w.log).toContain('event NotificationFailed');
    expect(w.log).toContain('failed slack refused');
    expect(w.log.filter((l) => l.startsWith('slack ok'))).toHaveLength(1);
    expect(w.status()?.outbox).toBeUndefined();
  });

  it('keeps every entry for another try, sending nothing, while the webhook Secret cannot be read yet', async () => {
    const w = world({ status: idle, secret: { ok: false, error: { code: 'unavailable', message: 'apiserver unavailable', retryable: true } } });
    await w.reconcile();
    expect(w.log.some((l) => l.startsWith('slack'))).toBe(false);
    expect(w.status()?.outbox?.map((e) => ({ id: e.id, attempts: e.attempts }))).toEqual([{ id: 'v2#2:rolloutStarted', attempts: 1 }]);
    expect(w.log).toContain('failed slack retry');
  });

  it('drops every entry with an Event when the webhook Secret cannot be read for good', async () => {
    const w = world({ status: idle, secret: { ok: false, error: { code: 'notFound', message: 'Secret shop/slack not found', retryable: false } } });
    await w.reconcile();
    expect(w.log.some((l) => l.startsWith('slack'))).toBe(false);
    expect(w.status()?.outbox).toBeUndefined();
    expect(w.log).toContain('event NotificationFailed');
  });

  describe('a stored status that does not parse', () => {
    const point = (i: number) => ({ at: new Date(NOW.getTime() - (121 - i) * 30_000).toISOString(), phase: 'Progressing', canaryWeight: 50, internalToCanary: false, checks: [] });
    // Mid-rollout of v2 (the target), primary on v1; analysed just now, so nothing is measured in this reconcile.
    const midRollout = {
      phase: 'Progressing',
      canaryRevision: 'v2',
      lastPromotedRevision: 'v1',
      rolloutNumber: 3,
      stageIndex: 0,
      stageName: '50 %',
      stageStartedAt: new Date(NOW.getTime() - 60_000).toISOString(),
      rolloutStartedAt: new Date(NOW.getTime() - 3_600_000).toISOString(),
      lastAnalysisAt: NOW.toISOString(),
      canaryWeight: 50,
      internalToCanary: false,
      replicas: 2,
      notified: ['v2#3:rolloutStarted'],
      history: [{ number: 2, revision: 'v1', result: 'promoted', startedAt: '2026-11-29T10:00:00Z', finishedAt: '2026-11-29T11:00:00Z', reason: 'all checks passed' }],
      timeline: Array.from({ length: 121 }, (_, i) => point(i)),
    };

    it('keeps the rollout of a status with 121 timeline points (at most 120): phase, revisions, rolloutNumber, history and notified ids stay, the timeline keeps its newest 120, a Warning says so, and the primary is not touched', async () => {
      const w = world({ stored: midRollout });
      await w.reconcile();
      expect(w.log.filter((l) => l.startsWith('primary'))).toEqual([]);
      const after = w.status()!;
      expect(after.phase).toBe('Progressing');
      expect(after.canaryRevision).toBe('v2');
      expect(after.lastPromotedRevision).toBe('v1');
      expect(after.rolloutNumber).toBe(3);
      expect(after.history).toEqual(midRollout.history);
      expect(after.notified).toContain('v2#3:rolloutStarted');
      expect(after.timeline).toHaveLength(120);
      expect(after.timeline?.[0]?.at).toBe(midRollout.timeline[1]!.at);
      expect(w.events).toContainEqual({ reason: 'StatusRepaired', message: 'status.timeline: at most 120 items, found 121; kept the 120 newest' });
    });

    it('holds a Canary whose status.phase is unknown: a Warning Event and Ready=False name status.phase, nothing is written to the primary or sent, and the stored status stays as it was but for that condition', async () => {
      const paused = { ...midRollout, phase: 'Paused', timeline: midRollout.timeline.slice(1) };
      const w = world({ stored: paused });
      await w.reconcile();
      await w.reconcile();
      expect(w.log.filter((l) => l.startsWith('primary') || l.startsWith('slack'))).toEqual([]);
      const warning = w.events.find((e) => e.reason === 'StatusUnreadable');
      expect(warning?.message).toMatch(/^status\.phase: /);
      expect(warning?.message).toContain('kubectl edit canary podinfo -n shop --subresource=status');
      const stored = w.canary.status as Record<string, unknown> & CanaryStatus;
      const { conditions, ...rest } = stored;
      expect(rest).toEqual(paused);
      expect(conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'False', reason: 'StatusUnreadable', message: warning?.message })]);
      expect(w.log.filter((l) => l.startsWith('writeStatus'))).toHaveLength(1);
    });
  });
});
