// Flagger 1.36.1 under test: its CRDs from the module's artifacts/, a
// MetricTemplate per namespace holding the shared check's query (Flagger's
// builtin request-success-rate and request-duration would find no mesh
// traffic in the world), and a Canary with the same interval, step weights
// and threshold as Songbird's.
import { ApiextensionsV1Api, type KubeConfig } from '@kubernetes/client-node';
import { installCrds, readCrds } from '../../e2e/world/istio-crds.js';
import { REQUEST_RATE_QUERY, STEP_WEIGHTS, type Contender } from './contender.js';
import { FLAGGER_CRDS, startFlaggerRun } from './flagger-run.js';

const GROUP = 'flagger.app';
const VERSION = 'v1beta1';
const TEMPLATE = 'request-rate';
/** zap's level names at error and above. */
const ZAP_ERRORS = new Set(['error', 'dpanic', 'panic', 'fatal']);

export const flagger: Contender = {
  name: 'flagger',
  label: 'Flagger 1.36.1',
  canaries: { group: GROUP, version: VERSION, plural: 'canaries' },
  install: async (admin: KubeConfig) => {
    await installCrds(admin.makeApiClient(ApiextensionsV1Api), await readCrds(FLAGGER_CRDS), 60_000);
  },
  namespaceObjects: (namespace, _settings, prometheusUrl) => [
    {
      resource: { group: GROUP, version: VERSION, plural: 'metrictemplates' },
      body: {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'MetricTemplate',
        metadata: { name: TEMPLATE, namespace },
        spec: { provider: { type: 'prometheus', address: prometheusUrl }, query: REQUEST_RATE_QUERY },
      },
    },
  ],
  canary: (namespace, name, settings) => ({
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'Canary',
    metadata: { name, namespace },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      progressDeadlineSeconds: 600,
      service: { port: 9898 },
      analysis: {
        interval: `${settings.intervalSeconds}s`,
        threshold: 5,
        stepWeights: [...STEP_WEIGHTS],
        metrics: [{ name: TEMPLATE, templateRef: { name: TEMPLATE, namespace }, thresholdRange: { min: 0 }, interval: `${settings.intervalSeconds}s` }],
      },
    },
  }),
  start: (input) => startFlaggerRun(input),
  // Flagger writes status (weight, phase, iterations) with a new lastTransitionTime at every analysis that moves the rollout.
  analysisMarker: (status) => (typeof status.lastTransitionTime === 'string' ? status.lastTransitionTime : undefined),
  analysisMarkerField: 'status.lastTransitionTime',
  isErrorLine: (line) => {
    try {
      return ZAP_ERRORS.has(String((JSON.parse(line) as { level?: string }).level));
    } catch {
      return false;
    }
  },
};
