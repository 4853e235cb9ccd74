// Every Istio object Songbird writes passes Istio's own validation. The world
// runs istiod's validating webhook (e2e/world/istio-validation*), so a
// VirtualService or DestinationRule Istio refuses is refused at write time.
// The example Canary (examples/canary.yaml, with examples/istio-ingress.yaml)
// and a table of internal matches walk through every stage the core plans
// (initialised, internal, each weight, promoted; then a new revision rolled
// back mid-way), and each write must be accepted and stored as planned.
import { jest } from '@jest/globals';
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  loadAllYaml,
  type KubernetesObject,
} from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createIstioRouter, type RouterPort } from '../../controller/adapters/istio/istio-router.js';
import type { HttpRoute, VirtualService } from '../../controller/adapters/istio/istio-resources.js';
import type { RoutingInput } from '../../controller/adapters/istio/virtual-service-plan.js';
import { ALL_TO_PRIMARY, type Routes } from '../../controller/core/actions.js';
import { planStages } from '../../controller/core/stages.js';
import { parseCanarySpec } from '../../controller/schema/canary.js';
import type { CanarySpec } from '../../controller/schema/canary-spec.js';
import { applyCrd } from '../scenario/apply-crd.js';
import { getSharedWorld } from '../world/shared-world.js';

jest.setTimeout(180_000);

const namespace = 'istio-routes';
const GATEWAY = 'istio-system/public-gateway';
const exampleFile = (name: string) => readFileSync(fileURLToPath(new URL(`../../examples/${name}`, import.meta.url)), 'utf8');

/** The example Canary's spec, moved to this test's namespace (its Secrets are not needed: nothing is measured). */
const exampleSpec = (loadAllYaml(exampleFile('canary.yaml')) as Array<{ kind: string; spec: Record<string, unknown> }>).find((o) => o.kind === 'Canary')!.spec;

const base = (name: string, match: unknown[], gateways?: string[]) => ({
  targetRef: { name },
  service: { port: 8080, hosts: [`${name}.example.com`], ...(gateways ? { gateways } : {}) },
  stages: { internal: { match, minDuration: '1m' }, steps: [{ weight: 5 }, { weight: 25 }, { weight: 50 }] },
});

/** The table: one Canary per way of recognising internal users, each valid in Istio. */
const cases: Array<[string, string, Record<string, unknown>]> = [
  ['the example Canary (mesh and gateway; header, cookie and claim)', 'podinfo', exampleSpec],
  ['a header, exact', 'hdr-exact', base('hdr-exact', [{ header: { name: 'x-songbird-user', exact: 'internal' } }])],
  ['a header, prefix', 'hdr-prefix', base('hdr-prefix', [{ header: { name: 'x-team', prefix: 'platform-' } }])],
  ['a header, RE2 regex', 'hdr-regex', base('hdr-regex', [{ header: { name: 'x-user', regex: '(?i)(?P<who>staff|qa)-[[:digit:]]+\\z' } }])],
  ['a cookie, name and value', 'cookie-value', base('cookie-value', [{ cookie: { name: 'songbird-user', value: 'internal.v1+beta' } }])],
  ['a cookie, regex', 'cookie-regex', base('cookie-regex', [{ cookie: { regex: '^(.*;\\s*)?beta=(1|yes)(;.*)?$' } }])],
  ['a JWT claim through a gateway only', 'claim-gateway', base('claim-gateway', [{ jwtClaim: { name: 'groups', exact: 'internal' } }], [GATEWAY])],
  [
    'a JWT claim with mesh and a gateway (claim ANDed with a header, and a header alone)',
    'claim-both',
    base('claim-both', [{ jwtClaim: { name: 'org.team', prefix: 'plat' }, header: { name: 'x-region', exact: 'eu' } }, { header: { name: 'x-songbird-user', exact: 'internal' } }], ['mesh', GATEWAY]),
  ],
];

/** The routes of every stage the core plans, in the order a rollout and a rolled-back rollout visit them. */
function stageWalk(spec: CanarySpec): Array<[string, Routes]> {
  const stages = planStages(spec).map((stage): [string, Routes] => [stage.name, stage.routes]);
  return [['initialised', ALL_TO_PRIMARY], ...stages, ['promoted', ALL_TO_PRIMARY], ...stages.slice(0, 2), ['rolled back', ALL_TO_PRIMARY]];
}

/** What cluster-ports.ts passes to the router for a Canary. */
function routingInput(name: string, uid: string, spec: CanarySpec, routes: Routes): RoutingInput {
  const service = spec.service.name ?? spec.targetRef.name;
  return {
    name: service, namespace, hosts: [service, ...spec.service.hosts], gateways: spec.service.gateways,
    primaryHost: `${service}-primary`, canaryHost: `${service}-canary`, internalHost: `${service}-internal`, port: spec.service.port,
    internalMatch: spec.stages.internal?.match, routes, owner: { name, uid },
  };
}

const claimKeys = (vs: VirtualService | undefined): string[] =>
  (vs?.spec.http ?? []).flatMap((route: HttpRoute) => (route.match ?? []).flatMap((m) => Object.keys(m.headers ?? {}))).filter((key) => key.startsWith('@request.auth.claims.'));
/** The mesh VirtualService has an internal route only when some entry tests no claim (or the Canary serves no mesh). */
const hasMeshEntries = (spec: CanarySpec): boolean =>
  !spec.service.gateways.includes('mesh') || (spec.stages.internal?.match ?? []).some((entry) => entry.jwtClaim === undefined);
const defaultRoute = (vs: VirtualService | undefined) => vs?.spec.http?.find((route) => route.name === 'songbird-default');

describe('Istio validation of what Songbird writes', () => {
  let router: RouterPort;
  let custom: CustomObjectsApi;
  let objects: KubernetesObjectApi;
  let core: CoreV1Api;
  const ingress = loadAllYaml(exampleFile('istio-ingress.yaml')) as KubernetesObject[];

  const readVirtualService = async (name: string): Promise<VirtualService | undefined> =>
    (await custom.getNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', namespace, plural: 'virtualservices', name }).catch(() => undefined)) as VirtualService | undefined;

  const createCanary = async (name: string, spec: unknown): Promise<string> => {
    const body = { apiVersion: 'songbird.dev/v1alpha1', kind: 'Canary', metadata: { name, namespace }, spec };
    const created = (await custom.createNamespacedCustomObject({ group: 'songbird.dev', version: 'v1alpha1', namespace, plural: 'canaries', body })) as { metadata: { uid: string } };
    return created.metadata.uid;
  };

  beforeAll(async () => {
    const world = await getSharedWorld();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(world.kubeconfigPath);
    router = createIstioRouter(kubeConfig);
    custom = kubeConfig.makeApiClient(CustomObjectsApi);
    objects = KubernetesObjectApi.makeApiClient(kubeConfig);
    core = kubeConfig.makeApiClient(CoreV1Api);
    await applyCrd(world.kubeconfigPath); // the current CRD, with its CEL rules
    for (const name of [namespace, 'istio-system']) await core.createNamespace({ body: { metadata: { name } } }).catch(ignoreConflict);
  });

  afterAll(async () => {
    // The world is shared: leave nothing behind (istio-system may be someone else's too).
    for (const object of ingress) await objects.delete(object).catch(() => undefined);
    await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
  });

  it('refuses a VirtualService that matches a JWT claim on the mesh, written by hand (the webhook is on)', async () => {
    const body: VirtualService = {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'by-hand', namespace },
      spec: { hosts: ['by-hand'], http: [{ match: [{ headers: { '@request.auth.claims.groups': { exact: 'internal' } } }], route: [{ destination: { host: 'by-hand' } }] }] },
    };
    const refusal = await custom.createNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', namespace, plural: 'virtualservices', body }).then(
      () => 'stored',
      (error: unknown) => String((error as { body?: unknown }).body ?? error),
    );
    expect(refusal).toContain('JWT claim based routing');
    expect(await readVirtualService('by-hand')).toBeUndefined();
  });

  it('accepts the example Gateway and RequestAuthentication with outputClaimToHeaders', async () => {
    for (const object of ingress) {
      await objects.delete(object).catch(() => undefined); // left over from an earlier run of this file on the same world
      await objects.create(object);
    }
    expect(ingress.map((o) => o.kind)).toEqual(['Gateway', 'RequestAuthentication']);
  });

  it.each(cases)('accepts every object Songbird writes for %s, at every stage', async (_title, name, rawSpec) => {
    const parsed = parseCanarySpec(rawSpec);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const spec = parsed.spec;
    const uid = await createCanary(name, rawSpec); // the apiserver admits the Canary itself (CRD schema and CEL rule)
    const service = spec.service.name ?? spec.targetRef.name;
    const rules = await router.ensureDestinationRules({ namespace, serviceName: service, owner: { name, uid } });
    if (!rules.ok) throw new Error(rules.error.message);
    const splits = spec.service.gateways.includes('mesh') && spec.service.gateways.some((g) => g !== 'mesh');

    for (const [stage, routes] of stageWalk(spec)) {
      const applied = await router.applyRoutes(routingInput(name, uid, spec, routes));
      if (!applied.ok) throw new Error(`${name} at stage ${stage}: ${applied.error.message}`);
      const mesh = await readVirtualService(service);
      const gateway = await readVirtualService(`${service}-gateway`);
      expect([stage, applied.value.routes, gateway !== undefined]).toEqual([stage, { ...routes, internalToCanary: routes.internalToCanary && hasMeshEntries(spec) }, splits]);
      expect([stage, defaultRoute(mesh)?.route?.map((d) => d.weight)]).toEqual([stage, [100 - routes.canaryWeight, routes.canaryWeight]]);
      if (mesh && (mesh.spec.gateways ?? []).includes('mesh')) expect([stage, claimKeys(mesh)]).toEqual([stage, []]);
      if (splits) {
        expect([stage, defaultRoute(gateway)]).toEqual([stage, defaultRoute(mesh)]);
        expect([stage, gateway?.spec.gateways]).toEqual([stage, spec.service.gateways.filter((g) => g !== 'mesh')]);
      }
    }
  });

  it('refuses a JWT claim without a gateway everywhere: schema (field named), apiserver (CEL rule) and router (before writing)', async () => {
    const spec = base('claim-mesh', [{ header: { name: 'x-songbird-user', exact: 'internal' } }, { jwtClaim: { name: 'groups', exact: 'internal' } }]);
    const parsed = parseCanarySpec(spec);
    expect(!parsed.ok && parsed.error.field).toBe('spec.stages.internal.match[1].jwtClaim');
    const admission = await createCanary('claim-mesh', spec).then(
      () => 'stored',
      (error: unknown) => String((error as { body?: unknown }).body ?? error),
    );
    expect(admission).toContain('a jwtClaim match needs a gateway');
    const forced = await router.applyRoutes({
      name: 'claim-mesh', namespace, hosts: ['claim-mesh'], gateways: ['mesh'], primaryHost: 'claim-mesh-primary', canaryHost: 'claim-mesh-canary', internalHost: 'claim-mesh-internal', port: 8080,
      internalMatch: [{ jwtClaim: { name: 'groups', exact: 'internal' } }], routes: { internalToCanary: true, canaryWeight: 0 }, owner: { name: 'claim-mesh', uid: 'none' },
    });
    expect(!forced.ok && forced.error.code).toBe('invalid');
    expect(await readVirtualService('claim-mesh')).toBeUndefined();
  });
});

function ignoreConflict(error: unknown): void {
  if ((error as { code?: number }).code !== 409) throw error;
}

/** Creates the Canary CRD, or brings a stored older one up to the current schema (the CEL rule included). */
