import { z } from 'zod';
import { checkSchema, readsSentry } from './checks.js';
import { durationAtLeast, durationSchema } from './duration.js';
import { gatewayNameSchema } from './gateway-name.js';
import { fitsServiceName, MAX_SERVICE_NAME_LENGTH, SERVICE_NAME_CEL_RULE, serviceNameOf, SERVICE_NAME_TOO_LONG, targetAsServiceNameProblems, TARGET_AS_SERVICE_NAME_CEL_RULE } from './generated-names.js';
import { internalMatchSchema, MAX_INTERNAL_MATCHES } from './internal-match.js';
import { JWT_CLAIM_CEL_RULE, jwtClaimProblems, MESH_GATEWAY, servesMesh } from './mesh-binding.js';
import { sentryEnvironmentSchema } from './sentry-environment.js';
import { secretKeyRefSchema } from './secret-key-ref.js';
import { IMMUTABLE_SERVICE_NAME_CEL_RULE, IMMUTABLE_TARGET_CEL_RULE } from './immutable-names.js';
import { HOST_DUPLICATES_SERVICE_CEL_RULE, virtualServiceHostSchema, virtualServiceHostsProblems } from './virtual-service-host.js';

export { cookieMatchSchema, headerMatchSchema, internalMatchSchema, jwtClaimMatchSchema } from './internal-match.js';
export type { InternalMatch, StringMatch } from './internal-match.js';

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS-1123 label').max(63);

export { secretKeyRefSchema } from './secret-key-ref.js';
export type { SecretKeyRef } from './secret-key-ref.js';

export const internalStageSchema = z.object({
  match: z
    .array(internalMatchSchema)
    .min(1)
    .max(MAX_INTERNAL_MATCHES)
    .describe('How internal users are recognised. A jwtClaim works only through a gateway: Istio routes on JWT claims at gateways, never on mesh traffic.'),
  minDuration: durationSchema.default('1m').describe('The internal stage lasts at least this long.'),
  minRequests: z.number().int().min(0).default(50).describe('...and until the canary served at least this many internal requests.'),
});

export const weightStepSchema = z.object({
  weight: z.number().int().min(1).max(100).describe('Percentage of all customer traffic sent to the canary.'),
  minDuration: durationSchema.optional().describe('The step lasts at least this long (default: one analysis interval).'),
});

export const stagesSchema = z
  .object({
    internal: internalStageSchema.optional(),
    steps: z
      .array(weightStepSchema)
      .default([{ weight: 5 }, { weight: 25 }, { weight: 50 }])
      .describe('Weighted steps for everyone after the internal stage; internal users stay on the canary.'),
  })
  .refine((s) => s.steps.every((step, i) => i === 0 || step.weight > s.steps[i - 1]!.weight), {
    message: 'step weights must rise',
    path: ['steps'],
  });

export const analysisSchema = z.object({
  interval: durationAtLeast('1s', 'checks run at most once a second').default('1m').describe('How often the checks run, at least 1s.'),
  threshold: z.number().int().min(1).default(5).describe('Failed checks before the rollout is rolled back.'),
  checks: z
    .array(checkSchema)
    .superRefine((checks, ctx) => {
      checks.forEach((check, index) => {
        const first = checks.findIndex((other) => other.name === check.name);
        if (first < index) ctx.addIssue({ code: 'custom', path: [index, 'name'], message: `check name ${check.name} is already checks[${first}]'s: each check needs its own name (status, Events and failed-check counts are kept by name)` });
      });
    })
    // The apiserver refuses two items of one name too: a map list keyed on name (no CEL cost).
    .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] })
    .default([]),
});

const MAX_GATEWAYS = 32;
/** A bound for the apiserver's CEL cost estimate of the host rules (Istio sets none; a Canary's extra hosts are a handful). */
const MAX_HOSTS = 64;

export const serviceSchema = z.object({
  name: dnsLabel
    .refine(fitsServiceName, SERVICE_NAME_TOO_LONG)
    .meta({ 'x-kubernetes-validations': [SERVICE_NAME_CEL_RULE] })
    .optional()
    .describe(`Service name (default: the target Deployment's name), at most ${MAX_SERVICE_NAME_LENGTH} characters: Songbird appends -primary, -canary and -internal.`),
  port: z.number().int().min(1).max(65535),
  targetPort: z.number().int().min(1).max(65535).optional(),
  hosts: z
    .array(virtualServiceHostSchema)
    .max(MAX_HOSTS)
    // The apiserver refuses a host listed twice (no CEL cost); overlaps such as *.example.com and a.example.com are zod's.
    .meta({ 'x-kubernetes-list-type': 'set' })
    .default([])
    .describe('Extra hosts of the VirtualService, after the Service name, as Istio takes them: DNS names (a leading * wildcard allowed) or IP addresses; no scheme, port or path; no * when serving mesh; no two that match each other.'),
  gateways: z
    .array(gatewayNameSchema)
    .max(MAX_GATEWAYS)
    .default([MESH_GATEWAY])
    .describe('mesh (sidecar traffic) and/or gateways as <namespace>/<name>. With mesh and a gateway, Songbird writes a mesh VirtualService and a gateway one, <svc>-gateway.'),
});

export const sentrySchema = z.object({
  baseUrl: z.string().url().default('https://sentry.io').describe('sentry.io or a self-hosted Sentry.'),
  organization: z.string().min(1),
  projects: z
    .array(z.object({ slug: z.string().min(1), id: z.number().int().positive().describe('Numeric project id (Settings → Projects).') }))
    .min(1)
    .describe('Sentry projects the service reports to.'),
  environment: sentryEnvironmentSchema.default('production').describe('The environment of promoted releases, as Sentry takes it: at most 64 characters, no /, newline, CR or FF, no surrounding whitespace.'),
  canaryEnvironment: sentryEnvironmentSchema.default('canary').describe('The environment recorded for the canary deploy (same rules as environment).'),
  tokenSecretRef: secretKeyRefSchema.describe('Secret key holding a Sentry auth token (scopes event:read, org:read, project:releases).'),
  container: z.string().optional().describe('Container whose SENTRY_RELEASE env (else image digest or tag) names the release. Unset: the one container that sets SENTRY_RELEASE, else the only container; with several containers and neither, Sentry checks cannot be measured.'),
  releaseMarkers: z
    .object({ canary: z.boolean().default(true), production: z.boolean().default(true) })
    .default({ canary: true, production: true }),
});

/** The routers a Canary may name; runtime/routers/router-kind.ts must list each (routerKindOf reads spec.router.kind). */
export const routerKindSchema = z.enum(['istio', 'gatewayApi']);

const GATEWAY_API_WITHOUT_JWT_CEL_RULE = {
  rule: "!has(self.router) || self.router.kind != 'gatewayApi' || !has(self.stages) || !has(self.stages.internal) || self.stages.internal.match.all(m, !has(m.jwtClaim))",
  message: 'the Gateway API router cannot match a jwtClaim: HTTPRoute matches headers, paths, methods and query parameters only',
};

export const routerSchema = z
  .object({
    kind: routerKindSchema.default('istio').describe('istio: a VirtualService and DestinationRules. gatewayApi: an HTTPRoute (gateway.networking.k8s.io/v1) named after the Service, as Istio routes in ambient mode.'),
    gatewayRef: z
      .object({
        name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'a DNS-1123 subdomain').max(253),
        namespace: dnsLabel.optional().describe("Default: the Canary's namespace."),
      })
      .optional()
      .describe('gatewayApi only: a Gateway the HTTPRoute also attaches to (parentRefs), beside the Service <svc> for mesh traffic.'),
  })
  .refine((router) => router.kind === 'gatewayApi' || router.gatewayRef === undefined, { message: 'gatewayRef is for the gatewayApi router only', path: ['gatewayRef'] })
  .meta({ 'x-kubernetes-validations': [{ rule: "self.kind == 'gatewayApi' || !has(self.gatewayRef)", message: 'gatewayRef is for the gatewayApi router only' }] });

export const notificationsSchema = z.object({
  slack: z
    .object({ webhookSecretRef: secretKeyRefSchema.describe('Secret key holding the Slack incoming-webhook URL.') })
    .optional(),
});

export const canarySpecSchema = z.object({
  targetRef: z.object({
    apiVersion: z.literal('apps/v1').default('apps/v1'),
    kind: z.literal('Deployment').default('Deployment'),
    name: dnsLabel.describe(`The Deployment. Without spec.service.name it also names the Services, so at most ${MAX_SERVICE_NAME_LENGTH} characters.`),
  }),
  service: serviceSchema,
  router: routerSchema.optional().describe('How traffic moves between <svc>-primary and <svc>-canary. Default: istio.'),
  stages: stagesSchema.default({ steps: [{ weight: 5 }, { weight: 25 }, { weight: 50 }] }),
  analysis: analysisSchema.default({ interval: '1m', threshold: 5, checks: [] }),
  sentry: sentrySchema.optional(),
  notifications: notificationsSchema.default({}),
  progressDeadlineSeconds: z.number().int().min(1).default(600).describe('A stage that makes no progress for this long fails.'),
  skipAnalysis: z.boolean().default(false).describe('Promote new revisions without stages or checks.'),
  suspend: z.boolean().default(false).describe('Freeze this Canary: routes and replicas stay exactly as they are, no analysis runs and no stage moves until it is false again. Deleting a suspended Canary still hands the service back.'),
}).superRefine((spec, ctx) => {
  for (const issue of targetAsServiceNameProblems(spec)) ctx.addIssue({ code: 'custom', ...issue });
  for (const issue of jwtClaimProblems(spec.stages.internal?.match ?? [], spec.service.gateways)) ctx.addIssue({ code: 'custom', ...issue });
  for (const { path, message } of virtualServiceHostsProblems(serviceNameOf(spec), spec.service.hosts, servesMesh(spec.service.gateways))) {
    ctx.addIssue({ code: 'custom', path: ['service', 'hosts', ...path], message });
  }
  if (spec.router?.kind === 'gatewayApi') {
    (spec.stages.internal?.match ?? []).forEach((match, index) => {
      if (match.jwtClaim) ctx.addIssue({ code: 'custom', path: ['stages', 'internal', 'match', index, 'jwtClaim'], message: GATEWAY_API_WITHOUT_JWT_CEL_RULE.message });
    });
  }
  if (spec.sentry) return;
  spec.analysis.checks.forEach((check, index) => {
    if (readsSentry(check)) {
      ctx.addIssue({ code: 'custom', path: ['analysis', 'checks', index], message: `check ${check.name} reads Sentry, so spec.sentry is required` });
    }
  });
}).meta({ 'x-kubernetes-validations': [JWT_CLAIM_CEL_RULE, GATEWAY_API_WITHOUT_JWT_CEL_RULE, TARGET_AS_SERVICE_NAME_CEL_RULE, IMMUTABLE_TARGET_CEL_RULE, IMMUTABLE_SERVICE_NAME_CEL_RULE, HOST_DUPLICATES_SERVICE_CEL_RULE] });

export type CanarySpec = z.infer<typeof canarySpecSchema>;
export type CanarySpecInput = z.input<typeof canarySpecSchema>;
export type SentrySpec = z.infer<typeof sentrySchema>;
export type RouterSpec = z.infer<typeof routerSchema>;
