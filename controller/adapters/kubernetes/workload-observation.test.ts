import type { V1Deployment } from '@kubernetes/client-node';
import { podTemplateRevision } from './pod-template-revision.js';
import { deploymentAvailable, observeDeployment } from './workload-observation.js';

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'web:1' }] } };

function deployment(replicas: number, status: V1Deployment['status'], generation = 3): V1Deployment {
  return {
    metadata: { name: 'web', namespace: 'shop', generation, annotations: { 'songbird.dev/revision': 'abc1234567' } },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template },
    status,
  };
}

describe('deploymentAvailable', () => {
  it.each<[string, V1Deployment, boolean]>([
    ['every replica is updated and available', deployment(3, { observedGeneration: 3, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), true],
    ['the controller has not seen the latest generation', deployment(3, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: 3 }), false],
    ['some replicas run the old template', deployment(3, { observedGeneration: 3, replicas: 3, updatedReplicas: 2, availableReplicas: 3 }), false],
    ['an updated replica is not yet available', deployment(3, { observedGeneration: 3, replicas: 3, updatedReplicas: 3, availableReplicas: 2 }), false],
    ['an old pod is still around during a rollout', deployment(3, { observedGeneration: 3, replicas: 4, updatedReplicas: 3, availableReplicas: 3 }), false],
    ['it is scaled to zero and its last pod is gone', deployment(0, { observedGeneration: 3 }), true],
    ['it is scaled to zero but a pod remains', deployment(0, { observedGeneration: 3, replicas: 1, availableReplicas: 1 }), false],
    ['it has no status yet', deployment(2, undefined, 1), false],
  ])('answers right when %s', (_when, d, expected) => {
    expect(deploymentAvailable(d)).toBe(expected);
  });
});

describe('observeDeployment', () => {
  const ready = deployment(2, { observedGeneration: 3, replicas: 2, updatedReplicas: 2, availableReplicas: 2 });

  it('names the target by the hash of its pod template', () => {
    expect(observeDeployment(ready, 'template')).toEqual({ exists: true, revision: podTemplateRevision(template), template, selector: { app: 'web' }, replicas: 2, available: true });
  });

  it('names the primary by its songbird.dev/revision annotation', () => {
    expect(observeDeployment(ready, 'annotation').revision).toBe('abc1234567');
  });

  it('reports a missing Deployment as not existing', () => {
    expect(observeDeployment(undefined, 'template')).toEqual({ exists: false, replicas: 0, available: false });
  });
});
