import { ApiException, KubeConfig } from '@kubernetes/client-node';
import { makeSendJson } from '../../controller/adapters/kubernetes/json-request.js';
import { canaryCrd } from '../../controller/schema/crd.js';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

/**
 * Installs the Canary CRD as `kubectl apply -k config/` would (creating it, or
 * replacing an older copy), then waits until it is Established.
 *
 * The body goes as raw JSON: client-node's typed ApiextensionsV1Api serializes
 * through its V1JSONSchemaProps model, which reads `xKubernetesValidations`
 * and drops the `x-kubernetes-validations` keys the generated CRD carries, so
 * the apiserver would never see the CEL rules.
 */
export async function applyCrd(kubeconfigPath: string): Promise<void> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const send = makeSendJson(kubeConfig);
  const body = canaryCrd() as { metadata: { name: string } };
  const name = body.metadata.name;
  try {
    await send({ method: 'POST', path: CRDS, body });
  } catch (error) {
    if (!(error instanceof ApiException) || error.code !== 409) throw error;
    // Scenarios started side by side replace it at once: a 409 on the PUT means another one won; read again and retry.
    for (let attempt = 1; ; attempt++) {
      const existing = await send({ method: 'GET', path: `${CRDS}/${name}` });
      const resourceVersion = (existing.metadata as { resourceVersion?: string } | undefined)?.resourceVersion;
      try {
        await send({ method: 'PUT', path: `${CRDS}/${name}`, body: { ...body, metadata: { ...body.metadata, resourceVersion } } });
        break;
      } catch (conflict) {
        if (!(conflict instanceof ApiException) || conflict.code !== 409 || attempt >= 5) throw conflict;
      }
    }
  }
  for (let i = 0; i < 100; i++) {
    const crd = await send({ method: 'GET', path: `${CRDS}/${name}` });
    const conditions = ((crd.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions) ?? [];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return waitUntilListable(send, body as unknown as CrdNames);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`CRD ${name} did not become Established`);
}

type CrdNames = { spec: { group: string; names: { plural: string }; versions: { name: string; storage: boolean }[] } };

/**
 * Established is not yet servable: the apiserver may still answer a list of the
 * new kind with 429 "storage is (re)initializing" (its watch cache is filling).
 * Waits (up to 10 s) until a list of the storage version answers.
 */
async function waitUntilListable(send: ReturnType<typeof makeSendJson>, crd: CrdNames): Promise<void> {
  const version = crd.spec.versions.find((v) => v.storage)?.name ?? crd.spec.versions[0]!.name;
  const path = `/apis/${crd.spec.group}/${version}/${crd.spec.names.plural}?limit=1`;
  for (let attempt = 1; ; attempt++) {
    try {
      await send({ method: 'GET', path });
      return;
    } catch (error) {
      if (!(error instanceof ApiException) || error.code !== 429 || attempt >= 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
