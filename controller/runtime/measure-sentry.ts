import type { CanarySpec } from '../schema/canary-spec.js';
import type { Check } from '../schema/checks.js';
import type { Measurement } from '../core/observations.js';
import type { ReleaseChoice } from '../core/release.js';
import type { SentryTarget } from '../adapters/sentry/sentry-port.js';
import type { Counts } from './measure-analysis.js';
import type { CanaryKey, Ports } from './ports.js';

export interface SentryContext {
  ports: Ports;
  key: CanaryKey;
  spec: CanarySpec;
  now: Date;
  since: Date;
  /** Decided in the core (sentryReleases): a release, or why none can be named. */
  canaryRelease: ReleaseChoice;
  primaryRelease: ReleaseChoice;
  rolloutRequests: () => Promise<Counts>;
}

type SentryCheck = Extract<Check, { type: 'sentryNewIssues' | 'sentryErrorRate' | 'sentryCrashFreeSessions' | 'comparison' }>;

/** The token is read from its Secret at use time and lives only inside the SentryTarget passed to the adapter. */
export async function sentryTarget(ports: Ports, namespace: string, spec: CanarySpec): Promise<{ ok: true; target: SentryTarget } | { ok: false; reason: string }> {
  const sentry = spec.sentry;
  if (!sentry) return { ok: false, reason: 'spec.sentry is not set' };
  const token = await ports.cluster.readSecret(namespace, sentry.tokenSecretRef);
  if (!token.ok) return { ok: false, reason: token.error.message };
  return {
    ok: true,
    target: {
      baseUrl: sentry.baseUrl,
      organization: sentry.organization,
      projects: sentry.projects.map((p) => ({ id: String(p.id), slug: p.slug })),
      token: token.value,
      tokenSecretRef: `${namespace}/${sentry.tokenSecretRef.name}:${sentry.tokenSecretRef.key}`,
    },
  };
}

/** A release the core refused to name becomes a measurement of kind 'error' carrying the core's reason. */
export async function measureSentryCheck(ctx: SentryContext, check: SentryCheck): Promise<Measurement> {
  const fail = (reason: string): Measurement => ({ check: check.name, kind: 'error', reason });
  if (!ctx.canaryRelease.ok) return fail(`no Sentry release for the canary: ${ctx.canaryRelease.reason}`);
  const canaryRelease = ctx.canaryRelease.release;
  const resolved = await sentryTarget(ctx.ports, ctx.key.namespace, ctx.spec);
  if (!resolved.ok) return fail(resolved.reason);
  const target = resolved.target;
  const sentry = ctx.ports.sentry;
  const window = { start: ctx.since, end: ctx.now };
  switch (check.type) {
    case 'sentryNewIssues': {
      const answer = await sentry.newIssues(target, { release: canaryRelease, levels: check.levels, since: ctx.since, until: ctx.now });
      if (!answer.ok) return fail(answer.error.message);
      const issues = [...answer.value.issues].sort((a, b) => b.count - a.count);
      const top = issues[0];
      const detail = top ? `; top: ${top.title} (${top.count} events)` : '';
      const topIssue = top ? { title: top.title, culprit: top.culprit, count: top.count, permalink: top.permalink } : undefined;
      return { check: check.name, kind: 'value', value: issues.length, detail: `in release ${canaryRelease}${detail}`, topIssue };
    }
    case 'sentryCrashFreeSessions': {
      const answer = await sentry.crashFreeSessions(target, { release: canaryRelease, ...window });
      if (!answer.ok) return fail(answer.error.message);
      if (answer.value.crashFreeRate === null) return { check: check.name, kind: 'noData', reason: `no sessions of release ${canaryRelease} yet` };
      return { check: check.name, kind: 'value', value: answer.value.crashFreeRate * 100, detail: `over ${answer.value.sessions} sessions` };
    }
    case 'sentryErrorRate':
    case 'comparison': {
      if (!ctx.primaryRelease.ok) return fail(`no Sentry release for the primary: ${ctx.primaryRelease.reason}`);
      const primaryRelease = ctx.primaryRelease.release;
      const [canaryEvents, primaryEvents, requests] = await Promise.all([
        sentry.errorEvents(target, { release: canaryRelease, ...window }),
        sentry.errorEvents(target, { release: primaryRelease, ...window }),
        ctx.rolloutRequests(),
      ]);
      if (!canaryEvents.ok) return fail(canaryEvents.error.message);
      if (!primaryEvents.ok) return fail(primaryEvents.error.message);
      if (!requests.ok) return fail(requests.reason);
      const counts = {
        canary: { events: canaryEvents.value, trials: requests.value.canary.trials },
        primary: { events: primaryEvents.value, trials: requests.value.primary.trials },
      };
      return { check: check.name, kind: 'counts', unit: 'Sentry errors', counts };
    }
    default:
      return fail('not a Sentry check');
  }
}
