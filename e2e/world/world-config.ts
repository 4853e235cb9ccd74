// The world's own settings, read once from the environment when a world
// starts (startWorld); nothing else in e2e/world reads process.env for them.
import { z } from 'zod';

/** Which Prometheus the world runs: `built` from its Go module (3.x, the default) or Debian's 2.x. */
export const WORLD_PROMETHEUS_ENV = 'SONGBIRD_WORLD_PROMETHEUS';

const prometheusChoice = z.enum(['built', 'debian']);
export type PrometheusChoice = z.infer<typeof prometheusChoice>;

const worldConfigSchema = z.object({
  // An empty value counts as unset, as `VAR= make e2e` means "no choice" to a person.
  [WORLD_PROMETHEUS_ENV]: z.preprocess((value) => (value === '' ? undefined : value), prometheusChoice.default('built')),
});

export interface WorldConfig {
  readonly prometheus: PrometheusChoice;
}

/**
 * Reads the world's settings from `env` (SONGBIRD_WORLD_PROMETHEUS: `built` or
 * `debian`, default `built`). An unknown value is `{ ok: false, message }`
 * naming the variable and the accepted values.
 */
export function readWorldConfig(env: NodeJS.ProcessEnv): { ok: true; config: WorldConfig } | { ok: false; message: string } {
  const parsed = worldConfigSchema.safeParse(env);
  if (parsed.success) return { ok: true, config: { prometheus: parsed.data[WORLD_PROMETHEUS_ENV] } };
  const issue = parsed.error.issues[0]!;
  return { ok: false, message: `${issue.path.join('.')}: ${issue.message}` };
}

/** The arguments startWorld passes to install.sh: Debian's Prometheus is installed only when chosen. */
export function installArgs(config: WorldConfig): string[] {
  return config.prometheus === 'debian' ? ['--quiet', '--debian-prometheus'] : ['--quiet'];
}
