// The CLI's configuration, read once from arguments (then environment), and
// validated. Identity flags replace the default identity as a whole.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { KubernetesMeshOptions } from './mesh.js';
import { DEFAULT_INTERNAL_IDENTITY, type InternalIdentity, type NameValue } from './user-identity.js';

export const RUN_MESH_USAGE = `Usage: npx tsx e2e/mesh/run-mesh.ts --kubeconfig <path> [options]
  --kubeconfig <path>        (env KUBECONFIG)
  --namespace <ns>           (env MESH_NAMESPACE, default "default")
  --host <service>           (env MESH_HOST, default "podinfo")
  --internal-rps <n>         (env MESH_INTERNAL_RPS, default 2)
  --customer-rps <n>         (env MESH_CUSTOMER_RPS, default 10)
  --seed <n>                 (env MESH_SEED, default 1)
  --max-duration-s <n>       (env MESH_MAX_DURATION_S, default 3600)
  --metrics-port <n>         (env MESH_METRICS_PORT, default 0 = free port)
  --identity-header name=value     internal users send this header
  --identity-cookie name=value     internal users send this cookie
  --identity-jwt-claim name=v1,v2  internal users send a JWT with this (list) claim
  (no identity flag: header x-songbird-user=internal, cookie songbird-user=internal, JWT groups=[internal])
While running, type "rates <internal> <customer>" on stdin to change rates, or "counts".`;

const nameValue = z
  .string()
  .regex(/^[^=]+=.*$/, 'expected name=value')
  .transform((text): NameValue => ({ name: text.slice(0, text.indexOf('=')), value: text.slice(text.indexOf('=') + 1) }));

const configSchema = z.object({
  kubeconfig: z.string({ error: 'a kubeconfig is required (--kubeconfig or KUBECONFIG)' }).min(1),
  namespace: z.string().min(1).default('default'),
  host: z.string().min(1).default('podinfo'),
  internalRps: z.coerce.number().min(0).default(2),
  customerRps: z.coerce.number().min(0).default(10),
  seed: z.coerce.number().int().default(1),
  maxDurationS: z.coerce.number().positive().default(3600),
  metricsPort: z.coerce.number().int().min(0).max(65535).default(0),
  identityHeader: nameValue.optional(),
  identityCookie: nameValue.optional(),
  identityJwtClaim: nameValue.optional(),
});

export type RunMeshConfig = { readonly ok: true; readonly options: KubernetesMeshOptions } | { readonly ok: false; readonly message: string };

export function readRunMeshConfig(argv: readonly string[], env: NodeJS.ProcessEnv): RunMeshConfig {
  if (argv.includes('--help') || argv.includes('-h')) return { ok: false, message: RUN_MESH_USAGE };
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: Object.fromEntries(
        ['kubeconfig', 'namespace', 'host', 'internal-rps', 'customer-rps', 'seed', 'max-duration-s', 'metrics-port', 'identity-header', 'identity-cookie', 'identity-jwt-claim'].map((name) => [name, { type: 'string' as const }]),
      ),
    }).values;
  } catch (error) {
    return { ok: false, message: `${String(error)}\n${RUN_MESH_USAGE}` };
  }
  const parsed = configSchema.safeParse({
    kubeconfig: values['kubeconfig'] ?? env['KUBECONFIG'],
    namespace: values['namespace'] ?? env['MESH_NAMESPACE'],
    host: values['host'] ?? env['MESH_HOST'],
    internalRps: values['internal-rps'] ?? env['MESH_INTERNAL_RPS'],
    customerRps: values['customer-rps'] ?? env['MESH_CUSTOMER_RPS'],
    seed: values['seed'] ?? env['MESH_SEED'],
    maxDurationS: values['max-duration-s'] ?? env['MESH_MAX_DURATION_S'],
    metricsPort: values['metrics-port'] ?? env['MESH_METRICS_PORT'],
    identityHeader: values['identity-header'],
    identityCookie: values['identity-cookie'],
    identityJwtClaim: values['identity-jwt-claim'],
  });
  if (!parsed.success) {
    return { ok: false, message: `${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n')}\n${RUN_MESH_USAGE}` };
  }
  const c = parsed.data;
  const custom: InternalIdentity = {
    ...(c.identityHeader ? { header: c.identityHeader } : {}),
    ...(c.identityCookie ? { cookie: c.identityCookie } : {}),
    ...(c.identityJwtClaim ? { jwtClaim: { name: c.identityJwtClaim.name, value: c.identityJwtClaim.value.split(',') } } : {}),
  };
  return {
    ok: true,
    options: {
      kubeconfigPath: c.kubeconfig,
      namespace: c.namespace,
      host: c.host,
      internalRps: c.internalRps,
      customerRps: c.customerRps,
      seed: c.seed,
      maxDurationMs: c.maxDurationS * 1000,
      metricsPort: c.metricsPort,
      identity: Object.keys(custom).length > 0 ? custom : DEFAULT_INTERNAL_IDENTITY,
    },
  };
}
