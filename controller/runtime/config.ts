import cron from 'node-cron';
import { z } from 'zod';
import type { NotificationKind } from '../core/notifications.js';
import { SECRET_DATA_KEY_RULE, secretDataKeySchema } from '../schema/secret-key-ref.js';
import { METRIC_SYSTEM_CALLS, METRIC_SYSTEMS, type MetricSystem } from '../schema/checks.js';
import { NOTIFICATION_KINDS } from './notifiers/notification-filter.js';

/** A Secret's key as namespace/secret-name:key; the key is a Secret data key (schema/secret-key-ref.ts), so a second ':' or a '/' in it is refused, not misread. */
const SECRET_PATH = /^([a-z0-9-]+)\/([a-z0-9-.]+):(.*)$/s;
const secretPath = z
  .string()
  .regex(SECRET_PATH, 'namespace/secret-name:key')
  .refine((text) => secretDataKeySchema.safeParse(SECRET_PATH.exec(text)?.[3]).success, `namespace/secret-name:key, the key ${SECRET_DATA_KEY_RULE}`)
  .transform((text) => {
    const [, namespace, name, key] = SECRET_PATH.exec(text)!;
    return { namespace: namespace!, ref: { name: name!, key: key! } };
  });

/** A comma-separated list of notification kinds, e.g. "rolledBack,promoted"; each must be one the core writes. */
const notificationKinds = z
  .string()
  .transform((text) => text.split(',').map((kind) => kind.trim()))
  .pipe(z.array(z.enum(NOTIFICATION_KINDS as [NotificationKind, ...NotificationKind[]], { error: () => `comma-separated kinds among ${NOTIFICATION_KINDS.join(', ')}` })).min(1));

/** SONGBIRD_DASHBOARD_HOSTS: comma-separated DNS names, each exact or `*.`-prefixed, lower-cased; no scheme, port or path (the Host's name is compared). */
const dashboardHosts = z
  .string()
  .transform((text) => text.split(',').map((host) => host.trim().toLowerCase()).filter((host) => host !== ''))
  .pipe(z.array(z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'comma-separated host names without scheme or port, e.g. songbird.example.com,*.dash.example.com')));

/** A number written in an environment variable: digits, nothing else (an empty value is not 0). */
const numeral = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, 'a number, e.g. 20')
  .transform(Number);

/** The name of a metric system's concurrency setting, e.g. SONGBIRD_PROMETHEUS_CONCURRENCY. */
export type ConcurrencySetting<S extends MetricSystem = MetricSystem> = `SONGBIRD_${Uppercase<S>}_CONCURRENCY`;
export const concurrencySetting = <S extends MetricSystem>(system: S): ConcurrencySetting<S> => `SONGBIRD_${system.toUpperCase()}_CONCURRENCY` as ConcurrencySetting<S>;

const callsInFlight = (system: { calls: string; concurrency: number; max: number }) =>
  numeral.pipe(z.number().int().min(1).max(system.max)).default(system.concurrency).describe(`${system.calls} in flight at once; more wait their turn`);

/** One SONGBIRD_<SYSTEM>_CONCURRENCY setting per metric system, with the system's default and maximum (schema/checks.ts). */
function metricSystemConcurrency(): { [S in MetricSystem as ConcurrencySetting<S>]: ReturnType<typeof callsInFlight> } {
  return Object.fromEntries(METRIC_SYSTEMS.map((system) => [concurrencySetting(system), callsInFlight(METRIC_SYSTEM_CALLS[system])])) as {
    [S in MetricSystem as ConcurrencySetting<S>]: ReturnType<typeof callsInFlight>;
  };
}

/** The longest delay a Node timer keeps (2^31 - 1 ms, about 24.8 days); a longer one fires after 1 ms. Every ms setting used as a timer is capped at it. */
const MAX_TIMER_MS = 2_147_483_647;

const configSchema = z.object({
  KUBECONFIG: z.string().optional(),
  SONGBIRD_PROMETHEUS_URL: z.string().url().regex(/^https?:\/\//, 'an http:// or https:// URL').default('http://prometheus.istio-system:9090'),
  SONGBIRD_SLACK_DEFAULT_WEBHOOK: secretPath.optional().describe('Controller-wide Slack webhook Secret, namespace/name:key'),
  SONGBIRD_SLACK_NOTIFY_ON: notificationKinds.optional().describe('The kinds of notification Slack is sent (default: all), e.g. rolledBack,promoted'),
  SONGBIRD_JIRA_URL: z.string().url().regex(/^https?:\/\//, 'an http:// or https:// URL, e.g. https://acme.atlassian.net').optional().describe('Jira Cloud site issues are filed on'),
  SONGBIRD_JIRA_PROJECT: z.string().regex(/^[A-Z][A-Z0-9_]{1,254}$/, 'a Jira project key, e.g. OPS').optional().describe('The project issues are filed in'),
  SONGBIRD_JIRA_ISSUE_TYPE: z.string().trim().min(1).max(255).default('Bug').describe('The issue type filed, by name'),
  SONGBIRD_JIRA_EMAIL: z.string().email().optional().describe('The Atlassian account the API token belongs to'),
  SONGBIRD_JIRA_TOKEN_SECRET: secretPath.optional().describe('The API token Secret, namespace/name:key'),
  SONGBIRD_JIRA_NOTIFY_ON: notificationKinds.default(['rolledBack']).describe('The kinds of notification filed in Jira (default: rolledBack)'),
  SONGBIRD_SENTRY_DSN: z.string().url().optional().describe('Where the controller reports its own unexpected errors'),
  SONGBIRD_NAMESPACE: z
    .string()
    .max(63)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a namespace name (leave it unset to watch all)')
    .optional()
    .describe('Watch only this namespace (default: all)'),
  SONGBIRD_RESYNC_CRON: z
    .string()
    .refine((text) => cron.validate(text), 'a cron expression (six fields with seconds, e.g. "0 */5 * * * *", or five)')
    .default('0 */5 * * * *')
    .describe('Every known Canary is reconciled again (from the informer cache); watch events do the rest'),
  SONGBIRD_HTTP_TIMEOUT_MS: numeral.pipe(z.number().int().positive().max(MAX_TIMER_MS, `at most ${MAX_TIMER_MS} (the longest timer Node keeps; longer fires after 1 ms)`)).default(10_000),
  HOSTNAME: z.string().optional().describe('The pod name, recorded as the reporting instance of Events and the Lease holder'),
  SONGBIRD_SERVICE_ACCOUNT_ROOT: z
    .string()
    .optional()
    .describe('Path prefix of /var/run/secrets/kubernetes.io/serviceaccount (tests run the controller as a pod would); unset in a pod'),
  POD_NAMESPACE: z.string().max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a namespace name').default('songbird-system').describe('Where the leader Lease lives'),
  SONGBIRD_LEADER_ELECTION: z.enum(['true', 'false']).default('true').transform((v) => v === 'true').describe('false: no Lease (one replica, local runs)'),
  SONGBIRD_LEASE_NAME: z.string().max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a Lease name').default('songbird-controller'),
  SONGBIRD_LEASE_DURATION_SECONDS: numeral.pipe(z.number().int().min(2).max(300)).default(10).describe('A dead leader is replaced within this plus one retry period (2 s)'),
  SONGBIRD_METRICS_HOST: z.string().default('0.0.0.0'),
  SONGBIRD_DASHBOARD_HOSTS: dashboardHosts
    .default([])
    .describe('Host names the dashboard answers beside localhost, IP addresses, single-label and *.svc[.cluster.local] names, comma-separated; *.example.com for the names under it (others get 403: DNS rebinding)'),
  SONGBIRD_METRICS_PORT: numeral.pipe(z.number().int().min(0).max(65_535)).default(8080).describe('/metrics, /healthz and /readyz; 0 picks a free port (tests)'),
  SONGBIRD_SHUTDOWN_GRACE_SECONDS: numeral.pipe(z.number().min(0).max(300)).default(20).describe('On SIGTERM, running reconciles get this long; keep it below terminationGracePeriodSeconds'),
  SONGBIRD_CONCURRENCY: numeral.pipe(z.number().int().min(1).max(64)).default(8).describe('Canaries reconciled at once (work-queue workers)'),
  ...metricSystemConcurrency(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
});

/** Jira needs its site, project, email and token together: some without the others is refused, naming what is missing. */
const JIRA_SETTINGS = ['SONGBIRD_JIRA_URL', 'SONGBIRD_JIRA_PROJECT', 'SONGBIRD_JIRA_EMAIL', 'SONGBIRD_JIRA_TOKEN_SECRET'] as const;

export type Config = z.infer<typeof configSchema>;

/** Jira settings that mean nothing without the four above (each has a default, so only the environment tells whether it was set). */
const JIRA_DEPENDENT_SETTINGS = ['SONGBIRD_JIRA_ISSUE_TYPE', 'SONGBIRD_JIRA_NOTIFY_ON'] as const;

function jiraSettingsMissing(config: Config, env: NodeJS.ProcessEnv): string | undefined {
  const missing = JIRA_SETTINGS.filter((name) => config[name] === undefined);
  if (missing.length === JIRA_SETTINGS.length) {
    const dependent = JIRA_DEPENDENT_SETTINGS.find((name) => env[name] !== undefined);
    return dependent === undefined ? undefined : `${dependent}: set without ${JIRA_SETTINGS.join(', ')} (Jira needs all four)`;
  }
  if (missing.length === 0) return undefined;
  return `${missing[0]}: required with ${JIRA_SETTINGS.filter((n) => !missing.includes(n)).join(', ')} (Jira needs ${JIRA_SETTINGS.join(', ')})`;
}

const inClusterSchema = z.object({
  KUBERNETES_SERVICE_HOST: z.string().min(1, 'required with SONGBIRD_SERVICE_ACCOUNT_ROOT (a pod has it)'),
  KUBERNETES_SERVICE_PORT: numeral.pipe(z.number().int().min(1).max(65_535)),
});

/** Read once at start; nothing else reads process.env. */
export function readConfig(env: NodeJS.ProcessEnv): { ok: true; config: Config } | { ok: false; message: string } {
  const parsed = configSchema.safeParse(env);
  const inCluster = parsed.success && parsed.data.SONGBIRD_SERVICE_ACCOUNT_ROOT !== undefined && !parsed.data.KUBECONFIG ? inClusterSchema.safeParse(env) : undefined;
  if (parsed.success && (!inCluster || inCluster.success)) {
    const jira = jiraSettingsMissing(parsed.data, env);
    return jira === undefined ? { ok: true, config: parsed.data } : { ok: false, message: jira };
  }
  const issue = (parsed.success ? inCluster!.error! : parsed.error).issues[0]!;
  return { ok: false, message: `${issue.path.join('.')}: ${issue.message}` };
}
