// The Kubernetes Gateway API's standard channel (sigs.k8s.io/gateway-api
// config/crd/standard, copied by install.sh): its CRDs, whose OpenAPI and CEL
// rules the apiserver then enforces on every HTTPRoute, and the
// ValidatingAdmissionPolicy (with its binding) that the release installs
// beside them. Created, not applied; an object already there is kept, so a
// second install is harmless.
import { AdmissionregistrationV1Api, ApiException, ApiextensionsV1Api, loadAllYaml, type KubeConfig, type V1ValidatingAdmissionPolicy, type V1ValidatingAdmissionPolicyBinding } from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import { installCrds, readCrds } from './istio-crds.js';

const created = async (what: string, create: () => Promise<unknown>): Promise<void> => {
  try {
    await create();
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 409)) throw new Error(`creating ${what}`, { cause: error });
  }
};

/** Installs the CRDs (waiting until Established), then the policy and binding; answers the CRD names. */
export async function installGatewayApi(kubeConfig: KubeConfig, file: string, timeoutMs: number): Promise<string[]> {
  const names = await installCrds(kubeConfig.makeApiClient(ApiextensionsV1Api), await readCrds(file), timeoutMs);
  const documents = loadAllYaml(await readFile(file, 'utf8')) as Array<{ kind?: string; metadata?: { name?: string } }>;
  const admission = kubeConfig.makeApiClient(AdmissionregistrationV1Api);
  for (const document of documents) {
    if (document?.kind === 'ValidatingAdmissionPolicy') {
      await created(`ValidatingAdmissionPolicy ${document.metadata?.name}`, () => admission.createValidatingAdmissionPolicy({ body: document as V1ValidatingAdmissionPolicy }));
    }
  }
  for (const document of documents) {
    if (document?.kind === 'ValidatingAdmissionPolicyBinding') {
      await created(`ValidatingAdmissionPolicyBinding ${document.metadata?.name}`, () =>
        admission.createValidatingAdmissionPolicyBinding({ body: document as V1ValidatingAdmissionPolicyBinding }),
      );
    }
  }
  return names;
}
