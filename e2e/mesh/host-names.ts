// Kubernetes service host names as Istio reads them: a short name is relative
// to the namespace of the object that mentions it.

const CLUSTER_SUFFIX = 'svc.cluster.local';

/** `podinfo` → `podinfo.<ns>.svc.cluster.local`; `podinfo.other` → `podinfo.other.svc.cluster.local`. */
export function fullyQualifiedHost(host: string, namespace: string): string {
  const lower = host.toLowerCase();
  const parts = lower.split('.');
  if (parts.length === 1) return `${lower}.${namespace}.${CLUSTER_SUFFIX}`;
  if (parts.length === 2) return `${lower}.${CLUSTER_SUFFIX}`;
  if (parts.length === 3 && parts[2] === 'svc') return `${lower}.cluster.local`;
  return lower;
}

/** Istio host pattern match: exact FQDN, `*` for everything, or a `*.suffix` wildcard. */
export function hostPatternMatches(pattern: string, host: string, namespace: string): boolean {
  if (pattern === '*') return true;
  const target = fullyQualifiedHost(host, namespace);
  if (pattern.startsWith('*.')) return target.endsWith(pattern.slice(1).toLowerCase());
  return fullyQualifiedHost(pattern, namespace) === target;
}

/** The Service a cluster-local host names, or undefined for hosts outside the cluster. */
export function serviceOfHost(host: string, namespace: string): { readonly name: string; readonly namespace: string } | undefined {
  const fqdn = fullyQualifiedHost(host, namespace);
  if (!fqdn.endsWith(`.${CLUSTER_SUFFIX}`)) return undefined;
  const [name, serviceNamespace, ...rest] = fqdn.slice(0, -(CLUSTER_SUFFIX.length + 1)).split('.');
  if (!name || !serviceNamespace || rest.length > 0) return undefined;
  return { name, namespace: serviceNamespace };
}
