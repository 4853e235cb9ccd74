// Each controller under test runs as its own ServiceAccount (as it would in a
// cluster), bound to cluster-admin so both may do what they need, with a
// kubeconfig of its own: the audit log then tells its requests apart from the
// bench's and the other controller's by user name.
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from '@kubernetes/client-node';
import path from 'node:path';
import { writeKubeconfig } from '../../e2e/world/kubeconfig.js';

/** The namespace of the controllers' ServiceAccounts (and Songbird's Lease). */
export const SYSTEM_NAMESPACE = 'bench-scale-system';

/** The user name the apiserver gives a ServiceAccount's token. */
export const serviceAccountUser = (name: string) => `system:serviceaccount:${SYSTEM_NAMESPACE}:${name}`;

export interface ControllerIdentity {
  readonly user: string;
  readonly kubeconfigPath: string;
}

/**
 * Creates the ServiceAccount `name` in SYSTEM_NAMESPACE (which must exist),
 * a ClusterRoleBinding to cluster-admin and a 24 h token (TokenRequest), and
 * writes `<dir>/<name>.kubeconfig` for the admin kubeconfig's server and CA.
 */
export async function createControllerIdentity(admin: KubeConfig, name: string, dir: string): Promise<ControllerIdentity> {
  const core = admin.makeApiClient(CoreV1Api);
  const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
  await core.createNamespacedServiceAccount({ namespace: SYSTEM_NAMESPACE, body: { metadata: { name } } });
  await rbac.createClusterRoleBinding({
    body: {
      metadata: { name: `bench-scale-${name}` },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name, namespace: SYSTEM_NAMESPACE }],
    },
  });
  const request = await core.createNamespacedServiceAccountToken({ name, namespace: SYSTEM_NAMESPACE, body: { spec: { audiences: [], expirationSeconds: 86_400 } } });
  const token = request.status?.token;
  if (!token) throw new Error(`the TokenRequest for ServiceAccount ${SYSTEM_NAMESPACE}/${name} returned no token`);
  const cluster = admin.getCurrentCluster();
  if (!cluster?.caData) throw new Error('the admin kubeconfig has no certificate-authority-data to copy');
  const kubeconfigPath = await writeKubeconfig(path.join(dir, `${name}.kubeconfig`), {
    server: cluster.server,
    caPem: Buffer.from(cluster.caData, 'base64').toString('utf8'),
    user: { name, token },
  });
  return { user: serviceAccountUser(name), kubeconfigPath };
}
