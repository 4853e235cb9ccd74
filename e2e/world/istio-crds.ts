// Istio's CustomResourceDefinitions (from istio.io/api, copied by install.sh):
// created (not applied: the biggest ones would overflow the
// last-applied-configuration annotation) and waited on until Established.
import { ApiException, loadAllYaml, type ApiextensionsV1Api, type V1CustomResourceDefinition } from '@kubernetes/client-node';
import { readFile } from 'node:fs/promises';
import { waitUntil } from './wait-until.js';

/**
 * Parsed with client-node's loadAllYaml, which maps `x-kubernetes-*` keys to
 * the typed fields its serializer writes back; plain js-yaml objects lose
 * them (x-kubernetes-int-or-string) and the API server rejects the CRD.
 */
export async function readCrds(file: string): Promise<V1CustomResourceDefinition[]> {
  const documents: unknown[] = loadAllYaml(await readFile(file, 'utf8'));
  return documents.filter(
    (document): document is V1CustomResourceDefinition =>
      typeof document === 'object' && document !== null && (document as { kind?: unknown }).kind === 'CustomResourceDefinition',
  );
}

export function isEstablished(crd: V1CustomResourceDefinition): boolean {
  return (crd.status?.conditions ?? []).some((condition) => condition.type === 'Established' && condition.status === 'True');
}

export async function installCrds(api: ApiextensionsV1Api, crds: readonly V1CustomResourceDefinition[], timeoutMs: number): Promise<string[]> {
  const names = crds.map((crd) => crd.metadata?.name ?? '');
  await Promise.all(
    crds.map(async (crd) => {
      try {
        await api.createCustomResourceDefinition({ body: crd });
      } catch (error) {
        if (!(error instanceof ApiException && error.code === 409)) throw new Error(`creating CRD ${crd.metadata?.name}`, { cause: error });
      }
    }),
  );
  await waitUntil(
    `CRDs ${names.join(', ')} Established`,
    async () => {
      const list = await api.listCustomResourceDefinition();
      const established = new Set(list.items.filter(isEstablished).map((crd) => crd.metadata?.name));
      const pending = names.filter((name) => !established.has(name));
      return pending.length === 0 ? { ok: true } : { ok: false, reason: `not Established: ${pending.join(', ')}` };
    },
    timeoutMs,
  );
  return names;
}
