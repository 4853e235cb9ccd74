// For tests: an organisation's admission policy that refuses VirtualService
// writes sending customer traffic (an http route without `match`) to a
// `*-canary` host with a weight above 0, as a policy engine (Gatekeeper,
// Kyverno) would. Built from a ValidatingAdmissionPolicy and its binding
// (admissionregistration.k8s.io/v1, GA since Kubernetes 1.30,
// kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/),
// so the apiserver itself refuses the write with the policy's message.
import { AdmissionregistrationV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { eventually } from './cluster-sampler.js';

/** What the apiserver answers with; tests look for it in reasons, Events and Slack. */
export const ROUTE_POLICY_MESSAGE = 'customer routes may not send traffic to a canary (org policy)';

export interface RoutePolicy {
  readonly name: string;
  /** Deletes the binding and the policy (both cluster-scoped). */
  remove(): Promise<void>;
}

const EXPRESSION = [
  "!has(object.spec.http) || object.spec.http.all(r, has(r.match) || !has(r.route) ||",
  " r.route.all(d, !d.destination.host.endsWith('-canary') || (has(d.weight) && d.weight == 0)))",
].join('');

/** Installs the policy for `namespace` only and waits until the apiserver enforces it (a dry-run write is refused). */
export async function refuseCustomerTrafficToCanaries(kubeconfigPath: string, namespace: string): Promise<RoutePolicy> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const admission = kubeConfig.makeApiClient(AdmissionregistrationV1Api);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const name = `no-customer-canary-${namespace}`;
  await admission.createValidatingAdmissionPolicy({
    body: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: {
          resourceRules: [{ apiGroups: ['networking.istio.io'], apiVersions: ['*'], operations: ['CREATE', 'UPDATE'], resources: ['virtualservices'] }],
        },
        validations: [{ expression: EXPRESSION, message: ROUTE_POLICY_MESSAGE, reason: 'Forbidden' }],
      },
    },
  });
  await admission.createValidatingAdmissionPolicyBinding({
    body: {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name },
      spec: {
        policyName: name,
        validationActions: ['Deny'],
        matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } },
      },
    },
  });
  const offending = {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'policy-probe', namespace },
    spec: { hosts: ['policy-probe'], http: [{ route: [{ destination: { host: 'policy-probe-canary' } }] }] },
  };
  await eventually(
    `policy ${name} to be enforced`,
    async () => {
      try {
        await custom.createNamespacedCustomObject({ group: 'networking.istio.io', version: 'v1', namespace, plural: 'virtualservices', body: offending, dryRun: 'All' });
        return undefined;
      } catch (error) {
        return String((error as { body?: unknown }).body ?? error).includes(ROUTE_POLICY_MESSAGE) ? true : undefined;
      }
    },
    30_000,
  );
  return {
    name,
    async remove() {
      await admission.deleteValidatingAdmissionPolicyBinding({ name }).catch(() => undefined);
      await admission.deleteValidatingAdmissionPolicy({ name }).catch(() => undefined);
    },
  };
}
