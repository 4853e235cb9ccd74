// `make bench-lifecycle`: what customers see around a Canary's lifecycle in
// the local world (issue 9), with the mesh stand-in counting every request.
// Four scenarios run side by side, each in its own namespace with its own
// in-process controller:
//   deletion      a promoted Canary is deleted: failed requests from the
//                 delete until the Canary and its generated objects are gone, plus 5 s;
//   adoption      the app's Service exists (as GitOps ships it) before the
//                 Canary: failed requests from the Canary's creation until
//                 one interval after Initialized;
//   target        the target Deployment is deleted at weight 50: failed
//                 requests counted from one interval after the deletion, for two intervals;
//   quota         a pod ResourceQuota that the new primary cannot fit while
//                 the canary runs: which revision the primary runs once the
//                 rollout has ended and the primary has settled.
// Ends with one JSON line. Targets: 0, 0, 0 and primaryRunsLastPromoted true.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { KubernetesObject, V1Deployment } from '@kubernetes/client-node';
import { startWorld } from '../e2e/world/world.js';
import { waitUntil } from '../e2e/world/wait-until.js';
import { startInProcessController } from '../e2e/scenario/in-process-controller.js';
import { startScenario, type Scenario, type ScenarioOptions } from '../e2e/scenario/scenario.js';
import { quickRollout } from '../e2e/scenario/rollout-spec.js';
import { describeFailures, failedRequests } from '../e2e/scenario/failed-requests.js';

const INTERVAL_MS = 4_000; // quickRollout's analysis.interval
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type World = Awaited<ReturnType<typeof startWorld>>;
interface Measured {
  figures: Record<string, unknown>;
  notes: string[];
}

async function withScenario(
  world: World,
  setScrapeTargets: (t: string[]) => Promise<void>,
  namespace: string,
  extra: Partial<ScenarioOptions>,
  body: (s: Scenario) => Promise<Measured>,
): Promise<Measured> {
  const scenario = await startScenario({
    kubeconfigPath: world.kubeconfigPath,
    setScrapeTargets,
    namespace,
    version: { tag: '1.0.0' },
    canary: quickRollout(),
    internalRps: 10,
    customerRps: 30,
    ...extra,
  });
  const controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
  try {
    return await body(scenario);
  } finally {
    await controller.stop();
    await scenario.stop();
  }
}

const gone = async (what: string, read: () => Promise<unknown>, timeoutMs: number): Promise<string | undefined> =>
  waitUntil(what, async () => ((await read()) ? { ok: false, reason: 'still there' } : { ok: true }), timeoutMs).then(
    () => undefined,
    (error: Error) => error.message,
  );

async function deletion(s: Scenario): Promise<Measured> {
  const notes: string[] = [];
  await s.waitForPhase(['Initialized'], 90_000);
  await s.ship({ tag: '2.0.0' });
  const done = await s.waitForPhase(['Succeeded', 'Failed'], 180_000);
  if (done.phase !== 'Succeeded') notes.push(`deletion: the rollout before the deletion ended ${done.phase}: ${done.reason}`);
  s.mesh.resetCounts();
  await s.deleteCanary();
  const started = Date.now();
  const canaryLeft = await gone('the Canary to be gone', () => s.canary(), 120_000);
  const primaryLeft = await gone('garbage collection of podinfo-primary', () => s.deployment('podinfo-primary'), 30_000);
  const seconds = (Date.now() - started) / 1000;
  await sleep(5_000);
  const counts = s.mesh.counts();
  for (const left of [canaryLeft, primaryLeft]) if (left) notes.push(`deletion: ${left}`);
  if (failedRequests(counts) > 0) notes.push(`deletion: ${describeFailures(counts)}`);
  const target = await s.deployment('podinfo');
  return {
    figures: {
      failedRequestsDuringDeletion: failedRequests(counts),
      requestsDuringDeletion: counts.total.internal.requests + counts.total.customer.requests,
      deletionSeconds: Number(seconds.toFixed(1)),
      targetAvailableReplicasAfterDeletion: target?.status?.availableReplicas ?? 0,
    },
    notes,
  };
}

const shippedService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'podinfo', labels: { app: 'podinfo' } },
  spec: { type: 'ClusterIP', selector: { app: 'podinfo' }, ports: [{ name: 'http', protocol: 'TCP', port: 9898, targetPort: 9898 }] },
} as KubernetesObject;

async function adoption(s: Scenario): Promise<Measured> {
  const notes: string[] = [];
  await sleep(3_000); // traffic flows through the shipped Service first
  s.mesh.resetCounts();
  await s.createCanary();
  let adopted = true;
  await s.waitForPhase(['Initialized'], 60_000).catch((error: Error) => {
    adopted = false;
    notes.push(`adoption: ${error.message}`);
  });
  await sleep(INTERVAL_MS);
  const counts = s.mesh.counts();
  const service = await s.service('podinfo');
  const selectsPrimary = service?.spec?.selector?.['app'] === 'podinfo-primary';
  if (!selectsPrimary) notes.push(`adoption: the Service podinfo selects ${JSON.stringify(service?.spec?.selector)}, not the primary's pods`);
  if (failedRequests(counts) > 0) notes.push(`adoption: ${describeFailures(counts)}`);
  return {
    figures: {
      // Only a completed adoption counts: a Canary that never took the Service over drops nothing, and proves nothing.
      failedRequestsDuringAdoption: adopted && selectsPrimary ? failedRequests(counts) : null,
      requestsDuringAdoption: counts.total.internal.requests + counts.total.customer.requests,
    },
    notes,
  };
}

async function targetDeleted(s: Scenario): Promise<Measured> {
  const notes: string[] = [];
  await s.waitForPhase(['Initialized'], 90_000);
  await s.ship({ tag: '2.0.0' });
  await s.waitFor('weight 50', (st) => st.phase === 'Progressing' && st.canaryWeight === 50, 120_000);
  await s.deleteTarget();
  await sleep(INTERVAL_MS);
  s.mesh.resetCounts();
  await sleep(2 * INTERVAL_MS);
  const counts = s.mesh.counts();
  if (failedRequests(counts) > 0) notes.push(`target deleted: ${describeFailures(counts)}`);
  const status = await s.status();
  return {
    figures: {
      failedRequestsAfterTargetDeleted: failedRequests(counts),
      requestsAfterTargetDeleted: counts.total.internal.requests + counts.total.customer.requests,
      phaseAfterTargetDeleted: status.phase ?? null,
      reasonAfterTargetDeleted: status.reason ?? null,
    },
    notes,
  };
}

const rolledOut = (d: V1Deployment | undefined): boolean =>
  d !== undefined &&
  (d.status?.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
  (d.status?.updatedReplicas ?? 0) === d.spec?.replicas &&
  (d.status?.availableReplicas ?? 0) === d.spec?.replicas &&
  (d.status?.replicas ?? 0) === d.spec?.replicas;

async function failedPromotion(s: Scenario): Promise<Measured> {
  const notes: string[] = [];
  const initialized = await s.waitForPhase(['Initialized'], 90_000);
  // Room for the primary and the canary (2 + 2 pods) but not for the primary's rolling-update surge pod.
  const quota = 4;
  await s.kube.core.createNamespacedResourceQuota({ namespace: s.namespace, body: { metadata: { name: 'pods' }, spec: { hard: { pods: String(quota) } } } });
  // The quota admission refuses every pod until the resourcequota controller has counted the namespace.
  await waitUntil(
    'the pod quota to be counted',
    async () => {
      const read = await s.kube.core.readNamespacedResourceQuota({ namespace: s.namespace, name: 'pods' });
      return read.status?.used?.['pods'] !== undefined ? { ok: true } : { ok: false, reason: 'status.used not yet computed' };
    },
    30_000,
  );
  await s.ship({ tag: '2.0.0' });
  const promoting = await s.waitFor('the promotion', (st) => st.phase === 'Promoting' || st.phase === 'Failed' || st.phase === 'Succeeded', 180_000);
  if (promoting.phase !== 'Promoting') notes.push(`quota: the rollout never promoted (${promoting.phase}: ${promoting.reason})`);
  const ended = await s.waitForPhase(['Failed', 'Succeeded'], 180_000);
  await waitUntil('the primary to settle', async () => (rolledOut(await s.deployment('podinfo-primary')) ? { ok: true } : { ok: false, reason: 'rolling out' }), 60_000).catch(
    (error: Error) => notes.push(`quota: ${error.message}`),
  );
  await sleep(2 * INTERVAL_MS); // a controller that reverts late gets its chance; one that lets the failed template finish has finished
  const primary = await s.deployment('podinfo-primary');
  const status = await s.status();
  const revision = primary?.metadata?.annotations?.['songbird.dev/revision'] ?? null;
  const image = primary?.spec?.template.spec?.containers.find((c) => c.name === 'app')?.image ?? null;
  const lastPromoted = status.lastPromotedRevision ?? null;
  const runsLastPromoted = revision !== null && revision === lastPromoted && lastPromoted === initialized.lastPromotedRevision && image === 'registry.local/podinfo:1.0.0' && rolledOut(primary);
  if (!runsLastPromoted) notes.push(`quota: the primary runs ${image} (revision ${revision}, rolled out: ${rolledOut(primary)}); last promoted ${lastPromoted}; status ${ended.phase}: ${ended.reason}`);
  return {
    figures: {
      primaryRevisionAfterFailedPromotion: revision,
      lastPromotedRevision: lastPromoted,
      primaryRunsLastPromoted: runsLastPromoted,
      primaryImageAfterFailedPromotion: image,
      phaseAfterFailedPromotion: ended.phase ?? null,
      reasonAfterFailedPromotion: ended.reason ?? null,
    },
    notes,
  };
}

async function main() {
  const began = Date.now();
  const world = await startWorld({ dir: mkdtempSync(path.join(tmpdir(), 'songbird-bench-')) });
  let failed = false;
  try {
    // The scenarios run side by side: Prometheus scrapes every mesh. One write
    // at a time (the world replaces the whole target file and waits until
    // Prometheus lists exactly those targets).
    const targets = new Set<string>();
    let writes: Promise<void> = Promise.resolve();
    const setScrapeTargets = (added: string[]) => {
      const write = writes.catch(() => undefined).then(() => {
        for (const t of added) targets.add(t);
        return world.setScrapeTargets([...targets]);
      });
      writes = write;
      return write;
    };
    const runs = await Promise.allSettled([
      withScenario(world, setScrapeTargets, 'bench-deletion', {}, deletion),
      withScenario(world, setScrapeTargets, 'bench-adoption', { objectsBeforeCanary: [shippedService], deferCanary: true }, adoption),
      withScenario(world, setScrapeTargets, 'bench-target', {}, targetDeleted),
      withScenario(world, setScrapeTargets, 'bench-quota', { canary: quickRollout({ progressDeadlineSeconds: 30 }) }, failedPromotion),
    ]);
    const figures: Record<string, unknown> = { bench: 'lifecycle' };
    const notes: string[] = [];
    for (const [i, run] of runs.entries()) {
      if (run.status === 'fulfilled') {
        Object.assign(figures, run.value.figures);
        notes.push(...run.value.notes);
      } else {
        failed = true;
        notes.push(`scenario ${['deletion', 'adoption', 'target', 'quota'][i]} did not finish: ${(run.reason as Error).message}`);
      }
    }
    for (const note of notes) console.log(note);
    figures.wallSeconds = Number(((Date.now() - began) / 1000).toFixed(1));
    figures.notes = notes;
    console.log(JSON.stringify(figures));
  } finally {
    await world.stop();
  }
  return failed;
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (error: unknown) => {
    console.error((error as Error).stack ?? String(error));
    process.exit(1);
  },
);
