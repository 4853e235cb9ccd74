// The controller's identity as a pod of `kubectl apply -k config/` has it:
// the RBAC of config/, the Secret Role an application namespace grants
// (examples/secrets-role.yaml), and a service account token from the
// TokenRequest API written where client-node's loadFromCluster() reads it.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { KubeConfig } from '@kubernetes/client-node';
import { dump, loadAll } from 'js-yaml';
import { worldPaths } from '../world/world-paths.js';

const run = promisify(execFile);

/** Where a pod's service account files are (client-node's SERVICEACCOUNT_ROOT, and the kubelet's mount). */
export const SERVICE_ACCOUNT_DIR = 'var/run/secrets/kubernetes.io/serviceaccount';
/** The kinds of config/ that make up the controller's rights. */
const RBAC_KINDS = new Set(['Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);

type Manifest = { kind?: string; metadata?: { name?: string; namespace?: string }; rules?: Array<{ resources?: string[]; resourceNames?: string[] }> };

/** The world's kubectl with the admin kubeconfig; stdin piped in when given. Throws with kubectl's stderr. */
async function kubectl(kubeconfigPath: string, args: readonly string[], stdin?: string): Promise<string> {
  const binary = path.join(worldPaths().binDir, 'kubectl');
  const fullArgs = ['--kubeconfig', kubeconfigPath, ...args];
  if (stdin === undefined) return (await run(binary, fullArgs, { cwd: worldPaths().repoDir })).stdout.trim();
  return new Promise((resolve, reject) => {
    const child = spawn(binary, fullArgs, { cwd: worldPaths().repoDir, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    child.stderr.on('data', (chunk) => (err += String(chunk)));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`kubectl ${args.join(' ')} exited ${code}: ${err}`))));
    child.stdin.end(stdin);
  });
}

/**
 * Applies the RBAC objects of config/ (as `kubectl kustomize config/` renders
 * them: the namespace, the ServiceAccount, the ClusterRole, every binding and
 * Role), server-side as a GitOps tool would. The CRD and the Deployment are
 * left out: the test runs the controller itself.
 */
export async function applyControllerRbac(kubeconfigPath: string): Promise<string[]> {
  const rendered = loadAll(await kubectl(kubeconfigPath, ['kustomize', 'config/'])) as Manifest[];
  const rbac = rendered.filter((object) => object && RBAC_KINDS.has(object.kind ?? ''));
  await kubectl(kubeconfigPath, ['apply', '--server-side', '--force-conflicts', '-f', '-'], rbac.map((object) => dump(object)).join('---\n'));
  return rbac.map((object) => `${object.kind}/${object.metadata?.name}`);
}

/**
 * Grants the controller `get` on exactly `secretNames` in `namespace`, with
 * the Role and RoleBinding of examples/secrets-role.yaml (the namespace and
 * resourceNames changed, nothing else), as the README tells users to.
 */
export async function grantSecretRead(kubeconfigPath: string, namespace: string, secretNames: readonly string[]): Promise<void> {
  const example = loadAll(await readFile(path.join(worldPaths().repoDir, 'examples', 'secrets-role.yaml'), 'utf8')) as Manifest[];
  const objects = example.map((object) => ({
    ...object,
    metadata: { ...object.metadata, namespace },
    ...(object.kind === 'Role' ? { rules: object.rules!.map((rule) => ({ ...rule, resourceNames: [...secretNames] })) } : {}),
  }));
  await kubectl(kubeconfigPath, ['apply', '--server-side', '-f', '-'], objects.map((object) => dump(object)).join('---\n'));
}

export interface ServiceAccountIdentity {
  /** SONGBIRD_SERVICE_ACCOUNT_ROOT: `${root}/var/run/secrets/kubernetes.io/serviceaccount/{token,ca.crt,namespace}`. */
  readonly root: string;
  /**
   * What the controller process needs to run as the pod would: the root,
   * KUBERNETES_SERVICE_HOST/PORT of the world's apiserver, an empty HOME (no
   * ~/.kube/config to fall back on), no KUBECONFIG, and the Lease where the
   * Deployment's pods take it (POD_NAMESPACE = the service account's
   * namespace, the default Lease name), which config/'s leader-election Role
   * grants by name.
   */
  readonly env: Readonly<Record<string, string | undefined>>;
  remove(): Promise<void>;
}

/**
 * Writes a service account's files into a fresh temp root: a token from the
 * TokenRequest API (`kubectl create token`, 1 h), the CA the world's
 * kubeconfig trusts and the namespace. The apiserver's URL gives
 * KUBERNETES_SERVICE_HOST/PORT; its serving certificate is valid for
 * 127.0.0.1 (the world's kubeconfig reaches it there).
 */
export async function serviceAccountIdentity(options: {
  kubeconfigPath: string;
  apiServerUrl: string;
  namespace?: string;
  serviceAccount?: string;
}): Promise<ServiceAccountIdentity> {
  const namespace = options.namespace ?? 'songbird-system';
  const serviceAccount = options.serviceAccount ?? 'songbird-controller';
  const admin = new KubeConfig();
  admin.loadFromFile(options.kubeconfigPath);
  const caData = admin.getCurrentCluster()?.caData;
  if (!caData) throw new Error(`${options.kubeconfigPath} has no certificate-authority-data`);
  const server = new URL(options.apiServerUrl);
  const token = await kubectl(options.kubeconfigPath, ['create', 'token', serviceAccount, '-n', namespace, '--duration=1h']);

  const root = await mkdtemp(path.join(tmpdir(), 'songbird-pod-'));
  const dir = path.join(root, SERVICE_ACCOUNT_DIR);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'token'), token, { mode: 0o600 });
  await writeFile(path.join(dir, 'ca.crt'), Buffer.from(caData, 'base64'));
  await writeFile(path.join(dir, 'namespace'), namespace);
  const home = path.join(root, 'home');
  await mkdir(home);
  return {
    root,
    env: {
      SONGBIRD_SERVICE_ACCOUNT_ROOT: root,
      KUBERNETES_SERVICE_HOST: server.hostname,
      KUBERNETES_SERVICE_PORT: server.port,
      HOME: home,
      KUBECONFIG: undefined,
      POD_NAMESPACE: namespace,
      SONGBIRD_LEASE_NAME: undefined,
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
