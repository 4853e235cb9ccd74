// For tests: every metric provider as a port that must not be asked. A test
// spreads these first and then the providers it does use, so a provider added
// to providers.ts needs no line in tests that never ask it.
import { METRIC_SYSTEMS, type MetricSystem } from '../../schema/checks.js';
import type { AnalysisProviders, ProviderPorts } from './providers.js';

/** A port of `system` whose every method rejects, naming the system and method the test did not expect to be asked. */
function unasked(system: MetricSystem): unknown {
  return new Proxy({}, {
    get: (_target, method) =>
      // Not a thenable, and nothing for symbol lookups (e.g. by a test printer).
      method === 'then' || typeof method === 'symbol' ? undefined : () => Promise.reject(new Error(`this test did not expect ${system}.${method} to be asked`)),
  });
}

const every = (): Record<MetricSystem, unknown> => Object.fromEntries(METRIC_SYSTEMS.map((system) => [system, unasked(system)])) as Record<MetricSystem, unknown>;

/** Every provider's port (Ports' provider fields), none to be asked. */
export const unaskedPorts = (): ProviderPorts => every() as ProviderPorts;

/** Every provider as one analysis sees it (MeasureScope's provider fields), none to be asked. */
export const unaskedProviders = (): AnalysisProviders => every() as AnalysisProviders;
