import { ApiextensionsV1Api, KubeConfig, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { canaryCrd } from '../../controller/schema/crd.js';

/** Installs the Canary CRD (as `kubectl apply -k config/` would) and waits until it is Established. */
export async function applyCrd(kubeconfigPath: string): Promise<void> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const api = kubeConfig.makeApiClient(ApiextensionsV1Api);
  const body = canaryCrd() as unknown as V1CustomResourceDefinition;
  const name = body.metadata!.name!;
  try {
    await api.createCustomResourceDefinition({ body });
  } catch (error) {
    if ((error as { code?: number }).code !== 409) throw error;
  }
  for (let i = 0; i < 100; i++) {
    const crd = await api.readCustomResourceDefinition({ name });
    if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`CRD ${name} did not become Established`);
}
