// Songbird under test: its CRD (applyCrd), the built controller
// (dist/controller/runtime/main.js, started as bench/operations does), a
// Canary with the steps and check both controllers share.
import type { KubeConfig } from '@kubernetes/client-node';
import { GROUP, PLURAL, VERSION } from '../../controller/schema/canary.js';
import { applyCrd } from '../../e2e/scenario/apply-crd.js';
import { startControllerRun } from '../operations/controller-run.js';
import { SYSTEM_NAMESPACE } from './controller-identity.js';
import { installFlowSchema } from './songbird-flow-schema.js';
import { REQUEST_RATE_QUERY, STEP_WEIGHTS, type Contender } from './contender.js';

/** pino's level numbers: 50 error, 60 fatal. */
const PINO_ERROR = 50;

export const songbird: Contender = {
  name: 'songbird',
  label: 'Songbird',
  canaries: { group: GROUP, version: VERSION, plural: PLURAL },
  install: async (admin: KubeConfig, adminKubeconfigPath: string) => {
    await applyCrd(adminKubeconfigPath);
    await installFlowSchema(admin, SYSTEM_NAMESPACE, 'songbird');
  },
  namespaceObjects: () => [],
  canary: (namespace, name, settings) => ({
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'Canary',
    metadata: { name, namespace },
    spec: {
      targetRef: { name },
      service: { port: 9898 },
      stages: { steps: STEP_WEIGHTS.map((weight) => ({ weight })) },
      analysis: {
        interval: `${settings.intervalSeconds}s`,
        threshold: 5,
        checks: [{ name: 'request-rate', type: 'promql', query: REQUEST_RATE_QUERY, min: 0 }],
      },
      progressDeadlineSeconds: 600,
    },
  }),
  start: ({ kubeconfigPath, prometheusUrl, logFile }) =>
    startControllerRun({ runtime: 'built', kubeconfigPath, prometheusUrl, logFile, env: { HOSTNAME: 'songbird-bench-scale', POD_NAMESPACE: SYSTEM_NAMESPACE } }),
  analysisMarker: (status) => (typeof status.lastAnalysisAt === 'string' ? status.lastAnalysisAt : undefined),
  analysisMarkerField: 'status.lastAnalysisAt',
  isErrorLine: (line) => {
    try {
      return ((JSON.parse(line) as { level?: number }).level ?? 0) >= PINO_ERROR;
    } catch {
      return false;
    }
  },
};
