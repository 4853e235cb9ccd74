// The Canaries of one run: N Deployments and their Canaries spread over
// namespaces (`<prefix>-<i>`), created with a bounded number of requests in
// flight (eachLimited from bench/operations); new revisions for a share of
// the targets; and the cleanup between runs (finalizers dropped once the
// controller is stopped, namespaces deleted and waited on).
import { AppsV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { makeSendJson } from '../../controller/adapters/kubernetes/json-request.js';
import { appDeployment } from '../../e2e/scenario/app-objects.js';
import { eachLimited } from '../operations/bulk-canaries.js';
import type { Contender, CustomResource } from './contender.js';
import type { ScaleSettings } from './settings.js';

const IN_FLIGHT = 16;

export interface FleetMember {
  readonly namespace: string;
  readonly name: string;
}

export interface Fleet {
  readonly namespaces: readonly string[];
  readonly members: readonly FleetMember[];
}

const collection = (r: CustomResource, namespace: string) => `/apis/${r.group}/${r.version}/namespaces/${namespace}/${r.plural}`;

/** Spreads `count` apps over `settings.namespaces` namespaces (fewer when count is smaller), app-0000 first. */
export function planFleet(prefix: string, count: number, namespaces: number): Fleet {
  const spread = Math.min(count, namespaces);
  const members = Array.from({ length: count }, (_, i) => ({ namespace: `${prefix}-${i % spread}`, name: `app-${String(i).padStart(4, '0')}` }));
  return { namespaces: Array.from({ length: spread }, (_, i) => `${prefix}-${i}`), members };
}

/** Creates the namespaces, the contender's per-namespace objects, every Deployment, then every Canary. */
export async function createFleet(admin: KubeConfig, contender: Contender, fleet: Fleet, settings: ScaleSettings, prometheusUrl: string): Promise<void> {
  const core = admin.makeApiClient(CoreV1Api);
  const apps = admin.makeApiClient(AppsV1Api);
  const send = makeSendJson(admin);
  await eachLimited(fleet.namespaces, IN_FLIGHT, (name) => core.createNamespace({ body: { metadata: { name, labels: { 'songbird.bench/scale': 'true' } } } }));
  const extras = fleet.namespaces.flatMap((namespace) => contender.namespaceObjects(namespace, settings, prometheusUrl).map((o) => ({ namespace, ...o })));
  await eachLimited(extras, IN_FLIGHT, ({ namespace, resource, body }) => send({ method: 'POST', path: collection(resource, namespace), body }));
  await eachLimited(fleet.members, IN_FLIGHT, ({ namespace, name }) =>
    apps.createNamespacedDeployment({ namespace, body: appDeployment(namespace, name, { tag: '1.0.0' }, settings.replicas) }),
  );
  await eachLimited(fleet.members, IN_FLIGHT, ({ namespace, name }) =>
    send({ method: 'POST', path: collection(contender.canaries, namespace), body: contender.canary(namespace, name, settings) }),
  );
}

/** Every 1/fraction-th member (spread over the namespaces), at least one. */
export function pickRolling(fleet: Fleet, fraction: number): FleetMember[] {
  const every = Math.max(1, Math.round(1 / fraction));
  const picked = fleet.members.filter((_, i) => i % every === 0);
  return picked.length > 0 ? picked : fleet.members.slice(0, 1);
}

/**
 * Gives each member's target a new revision (image tag `tag`, a JSON patch of
 * the app container only, so replicas the controller set stay) and resolves
 * with when each patch was answered (ms since the epoch).
 */
export async function rollTargets(admin: KubeConfig, members: readonly FleetMember[], tag: string): Promise<Map<string, number>> {
  const send = makeSendJson(admin);
  const updatedAt = new Map<string, number>();
  await eachLimited(members, IN_FLIGHT, async ({ namespace, name }) => {
    await send({
      method: 'PATCH',
      path: `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`,
      contentType: 'application/json-patch+json',
      body: [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: `registry.local/${name}:${tag}` }],
    });
    updatedAt.set(`${namespace}/${name}`, Date.now());
  });
  return updatedAt;
}

/**
 * Removes the fleet once its controller is stopped: drops the finalizers of
 * the contender's Canaries (nothing would remove them now), deletes the
 * namespaces and waits until they are gone. Resolves with what is left after
 * `timeoutMs` (empty when all are gone).
 */
export async function removeFleet(admin: KubeConfig, contender: Contender, fleet: Fleet, timeoutMs: number): Promise<string[]> {
  const core = admin.makeApiClient(CoreV1Api);
  const custom = admin.makeApiClient(CustomObjectsApi);
  const send = makeSendJson(admin);
  const { group, version, plural } = contender.canaries;
  const list = (await custom.listClusterCustomObject({ group, version, plural })) as { items: Array<{ metadata: { namespace: string; name: string; finalizers?: string[] } }> };
  const inFleet = new Set(fleet.namespaces);
  const held = list.items.filter((item) => inFleet.has(item.metadata.namespace) && (item.metadata.finalizers?.length ?? 0) > 0);
  await eachLimited(held, IN_FLIGHT, ({ metadata }) =>
    send({ method: 'PATCH', path: `${collection(contender.canaries, metadata.namespace)}/${metadata.name}`, contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } } }),
  );
  await eachLimited(fleet.namespaces, IN_FLIGHT, (name) => core.deleteNamespace({ name }).catch(() => undefined));
  const deadline = Date.now() + timeoutMs;
  let left = [...fleet.namespaces];
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2_000));
    const names = new Set((await core.listNamespace({ labelSelector: 'songbird.bench/scale=true' })).items.map((n) => n.metadata?.name));
    left = left.filter((name) => names.has(name));
  }
  return left;
}
