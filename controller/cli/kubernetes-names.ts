// Kubernetes object names as the apiserver accepts them, checked before a
// request so that `.`, `..` or `a/b` never become part of a URL path (`.`
// would turn a read of one Canary into the list of all).
// Source: k8s.io/apimachinery pkg/util/validation (IsDNS1123Subdomain,
// IsDNS1123Label); a custom resource's name is a DNS-1123 subdomain, a
// namespace a DNS-1123 label.

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const LABEL_RE = new RegExp(`^${LABEL}$`);
const SUBDOMAIN_RE = new RegExp(`^${LABEL}(\\.${LABEL})*$`);

/** Why `name` is not a valid Canary name (a DNS-1123 subdomain: at most 253 lowercase alphanumerics, '-' and '.'), or undefined when it is. */
export function canaryNameProblem(name: string): string | undefined {
  if (name.length > 253) return `not a Kubernetes name: ${name.length} characters, at most 253`;
  if (!SUBDOMAIN_RE.test(name)) return "not a Kubernetes name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
  return undefined;
}

/** Why `namespace` is not a valid namespace (a DNS-1123 label: at most 63 lowercase alphanumerics and '-'), or undefined when it is. */
export function namespaceProblem(namespace: string): string | undefined {
  if (namespace.length > 63) return `not a namespace name: ${namespace.length} characters, at most 63`;
  if (!LABEL_RE.test(namespace)) return "not a namespace name: lowercase letters, digits and '-', starting and ending with a letter or digit";
  return undefined;
}
