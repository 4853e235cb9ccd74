import { jest } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { CanaryStatus } from '../../controller/schema/canary-status.js';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { killHard, spawnController } from '../scenario/controller-process.js';
import { startInProcessController, type ControllerUnderTest } from '../scenario/in-process-controller.js';
import { startScenario, type Scenario } from '../scenario/scenario.js';
import { quickRollout } from '../scenario/rollout-spec.js';

jest.setTimeout(300_000);


describe('the controller under failure', () => {
  let world: WorldHandle;
  let controller: ControllerUnderTest | undefined;
  let child: ChildProcess | undefined;
  let scenario: Scenario | undefined;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  afterEach(async () => {
    await world.startPrometheus().catch(() => undefined);
    await controller?.stop();
    if (child) await killHard(child);
    await scenario?.stop();
    controller = undefined;
    child = undefined;
    scenario = undefined;
  });

  const begin = async (namespace: string, canary = quickRollout()) => {
    scenario = await startScenario({
      kubeconfigPath: world.kubeconfigPath,
      setScrapeTargets: world.setScrapeTargets,
      namespace,
      version: { tag: '1.0.0' },
      canary,
      internalRps: 10,
      customerRps: 30,
    });
    return scenario;
  };
  const inProcess = async (namespace: string) => {
    controller = await startInProcessController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace });
  };

  /** Polls the status in the background and keeps every distinct (revision, stage) it saw. */
  const recordStages = (s: Scenario) => {
    const seen: Array<{ revision?: string; stageIndex?: number; phase?: string; rolloutStartedAt?: string }> = [];
    let running = true;
    const loop = (async () => {
      while (running) {
        const status: CanaryStatus = await s.status().catch(() => ({}));
        const last = seen[seen.length - 1];
        const entry = { revision: status.canaryRevision, stageIndex: status.stageIndex, phase: status.phase, rolloutStartedAt: status.rolloutStartedAt };
        if (!last || JSON.stringify(last) !== JSON.stringify(entry)) seen.push(entry);
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    return { seen, stop: async () => { running = false; await loop; } };
  };

  it('carries on where it stopped after a SIGKILL, with no stage skipped or repeated', async () => {
    const s = await begin('sigkill');
    const logFile = path.join(mkdtempSync(path.join(tmpdir(), 'songbird-ctl-')), 'controller.log');
    const spawnIt = () => spawnController({ kubeconfigPath: world.kubeconfigPath, prometheusUrl: world.prometheusUrl, namespace: 'sigkill', logFile });
    child = spawnIt();
    await s.waitForPhase(['Initialized'], 90_000);
    const stages = recordStages(s);
    await s.ship({ tag: '2.0.0' });
    const before = await s.waitFor('the first weighted step', (st) => st.phase === 'Progressing' && st.stageIndex === 1, 120_000);
    await killHard(child);
    await new Promise((r) => setTimeout(r, 6_000));
    const frozen = await s.status();
    expect(frozen.stageIndex).toBe(1);
    expect(frozen.rolloutStartedAt).toBe(before.rolloutStartedAt);
    child = spawnIt();
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 150_000);
    await stages.stop();
    expect(done.phase).toBe('Succeeded');
    expect(done.rolloutStartedAt).toBe(before.rolloutStartedAt);
    const indices = stages.seen.filter((e) => e.phase === 'Progressing').map((e) => e.stageIndex);
    expect([...new Set(indices)]).toEqual([0, 1, 2]);
    for (let i = 1; i < indices.length; i++) expect(indices[i]!).toBeGreaterThanOrEqual(indices[i - 1]!);
  });

  it('restarts the analysis on a newer revision that arrives mid-rollout, and promotes the newest', async () => {
    const s = await begin('superseded');
    await inProcess('superseded');
    await s.waitForPhase(['Initialized'], 60_000);
    await s.ship({ tag: '2.0.0' });
    const first = await s.waitFor('the first weighted step', (st) => st.phase === 'Progressing' && (st.stageIndex ?? 0) >= 1, 120_000);
    await s.ship({ tag: '3.0.0' });
    const restarted = await s.waitFor('a restart on 3.0.0', (st) => st.canaryRevision !== first.canaryRevision, 30_000);
    expect(restarted.stageIndex).toBe(0);
    expect(restarted.rolloutStartedAt).not.toBe(first.rolloutStartedAt);
    // The status may already have moved on to the internal stage; the Event of the restart stays.
    const events = await s.events();
    expect(events.some((e) => e.reason === 'Waiting' && e.message?.includes(`superseded ${first.canaryRevision}`))).toBe(true);
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 150_000);
    expect(done.phase).toBe('Succeeded');
    expect(done.lastPromotedRevision).toBe(restarted.canaryRevision);
  });

  it('never lets a check pass while Prometheus is down, and rolls back saying why', async () => {
    const s = await begin('prometheus-down');
    await inProcess('prometheus-down');
    await s.waitForPhase(['Initialized'], 60_000);
    await s.ship({ tag: '2.0.0' });
    await s.waitFor('the internal stage', (st) => st.phase === 'Progressing' && st.stageName === 'internal', 60_000);
    await world.stopPrometheus();
    const done = await s.waitForPhase(['Succeeded', 'Failed'], 90_000);
    expect(done.phase).toBe('Failed');
    expect(done.stageName).toBe('internal');
    expect(done.reason).toMatch(/could not be measured: Prometheus .* (unreachable|did not answer)/);
    expect(done.checks?.every((c) => c.outcome !== 'pass')).toBe(true);
  });

  it('reports a malformed Canary with the field at fault, and carries on once it is fixed', async () => {
    const s = await begin('malformed', quickRollout({ stages: { steps: [{ weight: 50 }, { weight: 10 }] } }));
    await inProcess('malformed');
    const reported = await s.waitFor('Ready=False', (st) => st.conditions?.some((c) => c.type === 'Ready' && c.status === 'False') ?? false, 30_000);
    const ready = reported.conditions!.find((c) => c.type === 'Ready')!;
    expect(ready.reason).toBe('InvalidSpec');
    expect(ready.message).toContain('spec.stages.steps');
    const events = await s.events();
    expect(events.some((e) => e.reason === 'InvalidSpec' && e.message?.includes('spec.stages.steps'))).toBe(true);
    await s.patchCanary({ spec: { stages: { steps: [{ weight: 10 }, { weight: 50 }] } } });
    await s.waitForPhase(['Initialized'], 60_000);
  });
});
