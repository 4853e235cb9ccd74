import { afterEach, beforeAll } from '@jest/globals';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';
import { startInProcessController, type ControllerUnderTest } from './in-process-controller.js';
import { startScenario, type Scenario, type ScenarioOptions } from './scenario.js';

/** A scenario's options without what the shared world supplies (its kubeconfig and Prometheus scrape targets). */
export type ScenarioInWorldOptions = Omit<ScenarioOptions, 'kubeconfigPath' | 'setScrapeTargets'>;

export interface ScenarioPerTest {
  /** The shared world; read in the describe block's beforeAll, so call this inside a test or a later hook. */
  world(): WorldHandle;
  /**
   * Starts the scenario in the shared world, then the in-process controller on
   * its namespace, and waits (60 s at most) until the Canary is Initialized.
   * Throws what startScenario, startInProcessController or waitForPhase throw.
   */
  start(options: ScenarioInWorldOptions): Promise<Scenario>;
}

/**
 * The usual world of an e2e describe block: one scenario at a time in the
 * shared world (e2e/world/shared-world.ts), watched by the in-process
 * controller. Call it at the top of a `describe`: it registers the block's
 * hooks, reading the shared world in beforeAll and, after each test, stopping
 * the controller, then the scenario. Hooks the caller registers afterwards
 * run after these (e.g. stopping a Sentry stand-in once nothing reads it).
 */
export function scenarioPerTest(): ScenarioPerTest {
  let world: WorldHandle | undefined;
  let controller: ControllerUnderTest | undefined;
  let scenario: Scenario | undefined;

  beforeAll(async () => {
    world = await getSharedWorld();
  });
  afterEach(async () => {
    await controller?.stop();
    await scenario?.stop();
    controller = undefined;
    scenario = undefined;
  });

  const sharedWorld = (): WorldHandle => {
    if (!world) throw new Error('scenarioPerTest: the shared world is read in beforeAll; use world() inside a test or a later hook');
    return world;
  };

  return {
    world: sharedWorld,
    async start(options) {
      const { kubeconfigPath, setScrapeTargets, prometheusUrl } = sharedWorld();
      const started = await startScenario({ kubeconfigPath, setScrapeTargets, ...options });
      scenario = started;
      controller = await startInProcessController({ kubeconfigPath, prometheusUrl, namespace: options.namespace });
      await started.waitForPhase(['Initialized'], 60_000);
      return started;
    },
  };
}
