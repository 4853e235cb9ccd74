import type { CanarySpec } from '../../schema/canary-spec.js';
import type { Ports } from '../ports.js';
import type { SentryTargetResult } from './measure.js';

/**
 * spec.sentry with its token read from the Secret it names, at use time; the token lives only
 * inside the SentryTarget passed to the adapter. Errors: spec.sentry not set, or the Secret's
 * read failure (its message names the Secret and key).
 */
export async function sentryTarget(ports: Ports, namespace: string, spec: CanarySpec): Promise<SentryTargetResult> {
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
