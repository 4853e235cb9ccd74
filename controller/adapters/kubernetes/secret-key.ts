// Reads one key of a Secret. The value is returned and never appears in an
// error message, a cause or a log line.
import type { SecretKeyRef } from '../../schema/canary-spec.js';
import type { KubernetesClients } from './kubernetes-clients.js';
import { errorFromException, failed, ok, statusCodeOf, type KubeResult } from './kubernetes-errors.js';

export async function readSecretKey(clients: KubernetesClients, namespace: string, ref: SecretKeyRef): Promise<KubeResult<string>> {
  const where = `Secret ${namespace}/${ref.name}`;
  let data: Record<string, string> | undefined;
  try {
    const secret = await clients.core.readNamespacedSecret({ name: ref.name, namespace });
    data = secret.data;
  } catch (error) {
    if (statusCodeOf(error) === 404) return failed({ code: 'notFound', status: 404, retryable: true, message: `${where} does not exist` });
    return failed(errorFromException(`read ${where}`, error, { sensitive: true }));
  }
  const encoded = data?.[ref.key];
  if (encoded === undefined) return failed({ code: 'missingKey', retryable: true, message: `${where} has no key ${ref.key}` });
  return ok(Buffer.from(encoded, 'base64').toString('utf8'));
}
