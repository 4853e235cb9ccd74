import { jest } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { getSharedWorld, type WorldHandle } from '../world/shared-world.js';

jest.setTimeout(120_000);

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const KUBECTL = `${REPO}.cache/world/bin/kubectl`;
const SA = 'system:serviceaccount:songbird-system:songbird-controller';
const run = promisify(execFile);

describe('the install manifests (config/) and the examples', () => {
  let world: WorldHandle;
  const kubectl = async (...args: string[]) => (await run(KUBECTL, ['--kubeconfig', world.kubeconfigPath, ...args], { cwd: REPO })).stdout.trim();
  const canI = async (...args: string[]) => {
    try {
      return await kubectl('auth', 'can-i', '--as', SA, ...args);
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? '').trim(); // "no" exits 1
    }
  };

  beforeAll(async () => {
    world = await getSharedWorld();
  });

  it('apply to the local apiserver the GitOps way and run the controller Deployment', async () => {
    // Other tests may have created the CRD already (another field manager), as a GitOps tool would take it over.
    await kubectl('apply', '--server-side', '--force-conflicts', '-k', 'config/');
    await kubectl('wait', '--for=condition=Established', 'crd/canaries.songbird.dev', '--timeout=60s');
    await kubectl('-n', 'songbird-system', 'rollout', 'status', 'deployment/songbird-controller', '--timeout=90s');
  });

  it('run two controller replicas, both ready, rolled out one new pod at a time', async () => {
    const deployment = JSON.parse(await kubectl('-n', 'songbird-system', 'get', 'deployment/songbird-controller', '-o', 'json'));
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.status.readyReplicas).toBe(2);
    expect(deployment.spec.strategy.rollingUpdate).toEqual({ maxUnavailable: 0, maxSurge: 1 });
    const pod = deployment.spec.template.spec;
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    const [container] = pod.containers;
    expect(container.env).toContainEqual({ name: 'POD_NAMESPACE', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } } });
    expect(container.ports).toContainEqual({ name: 'metrics', containerPort: 8080, protocol: 'TCP' });
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 'metrics' });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 'metrics' });
    expect(container.resources.limits.memory).toBe('512Mi');
  });

  it('keep one controller pod through a voluntary disruption and expose both on the metrics Service', async () => {
    const budget = JSON.parse(await kubectl('-n', 'songbird-system', 'get', 'poddisruptionbudget/songbird-controller', '-o', 'json'));
    expect(budget.spec.minAvailable).toBe(1);
    expect(budget.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'songbird' });
    const service = JSON.parse(await kubectl('-n', 'songbird-system', 'get', 'service/songbird-controller-metrics', '-o', 'json'));
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'metrics', port: 8080, targetPort: 'metrics' })]);
    expect(service.spec.selector).toEqual({ 'app.kubernetes.io/name': 'songbird' });
  });

  it('let the controller hold its leader-election Lease in songbird-system and no other Lease', async () => {
    expect(await canI('create', 'leases.coordination.k8s.io', '-n', 'songbird-system')).toBe('yes');
    expect(await canI('get', 'leases.coordination.k8s.io/songbird-controller', '-n', 'songbird-system')).toBe('yes');
    expect(await canI('update', 'leases.coordination.k8s.io/songbird-controller', '-n', 'songbird-system')).toBe('yes');
    expect(await canI('update', 'leases.coordination.k8s.io/kube-scheduler', '-n', 'songbird-system')).toBe('no');
    expect(await canI('delete', 'leases.coordination.k8s.io/songbird-controller', '-n', 'songbird-system')).toBe('no');
    expect(await canI('list', 'leases.coordination.k8s.io', '-n', 'songbird-system')).toBe('no');
    expect(await canI('create', 'leases.coordination.k8s.io', '-n', 'kube-system')).toBe('no');
    expect(await canI('update', 'leases.coordination.k8s.io/kube-scheduler', '-n', 'kube-system')).toBe('no');
    expect(await canI('get', 'leases.coordination.k8s.io/songbird-controller', '-n', 'shop')).toBe('no');
  });

  it('grant the controller what it needs and nothing more', async () => {
    expect(await canI('list', 'canaries.songbird.dev', '-A')).toBe('yes');
    expect(await canI('patch', 'canaries.songbird.dev', '--subresource=status', '-n', 'shop')).toBe('yes');
    expect(await canI('create', 'deployments.apps', '-n', 'shop')).toBe('yes');
    expect(await canI('update', 'virtualservices.networking.istio.io', '-n', 'shop')).toBe('yes');
    expect(await canI('get', 'secrets', '-n', 'shop')).toBe('no');
    expect(await canI('delete', 'deployments.apps', '-n', 'shop')).toBe('no');
    expect(await canI('delete', 'services', '-n', 'shop')).toBe('no');
    expect(await canI('delete', 'canaries.songbird.dev', '-n', 'shop')).toBe('no');
    expect(await canI('delete', 'destinationrules.networking.istio.io', '-n', 'shop')).toBe('no');
  });

  it('let the controller delete VirtualServices, to retire the <svc>-gateway one a Canary that stops serving gateways owns', async () => {
    expect(await canI('delete', 'virtualservices.networking.istio.io', '-n', 'shop')).toBe('yes');
  });

  it('let the controller patch and update Canaries, to add and remove its finalizer songbird.dev/hand-back', async () => {
    expect(await canI('patch', 'canaries.songbird.dev', '-n', 'shop')).toBe('yes');
    expect(await canI('update', 'canaries.songbird.dev', '-n', 'shop')).toBe('yes');
  });

  it('let the controller read the target HorizontalPodAutoscaler and write and delete the primary one', async () => {
    expect(await canI('list', 'horizontalpodautoscalers.autoscaling', '-n', 'shop')).toBe('yes');
    expect(await canI('create', 'horizontalpodautoscalers.autoscaling', '-n', 'shop')).toBe('yes');
    expect(await canI('update', 'horizontalpodautoscalers.autoscaling', '-n', 'shop')).toBe('yes');
    expect(await canI('delete', 'horizontalpodautoscalers.autoscaling', '-n', 'shop')).toBe('yes');
  });

  it('accept the example Canary and let the controller read only the Secrets it names', async () => {
    await kubectl('apply', '--server-side', '--force-conflicts', '-k', 'examples/');
    expect(await kubectl('-n', 'shop', 'get', 'canary', 'podinfo', '-o', 'jsonpath={.spec.analysis.checks[0].type}')).toBe('comparison');
    expect(await canI('get', 'secret/sentry-token', '-n', 'shop')).toBe('yes');
    expect(await canI('get', 'secret/some-other-secret', '-n', 'shop')).toBe('no');
    await kubectl('delete', 'namespace', 'shop', '--wait=false');
  });
});
