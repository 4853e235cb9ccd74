import type { KubernetesPort } from '../adapters/kubernetes/kubernetes-port.js';
import type { RouterPort } from '../adapters/istio/istio-router.js';
import type { ClusterPorts } from './ports.js';

/** The runtime's view of the cluster, over the Kubernetes and Istio adapters. */
export function clusterPorts(kube: KubernetesPort, router: RouterPort): ClusterPorts {
  return {
    getCanary: (key) => kube.getCanary(key.namespace, key.name),
    writeStatus: async (key, status) => {
      const written = await kube.writeStatus(key.namespace, key.name, status);
      return written.ok ? { ok: true, value: undefined } : written;
    },
    observeWorkloads: (namespace, targetName) => kube.observeWorkloads(namespace, targetName),
    ensurePrimary: (canary, spec, template, revision, replicas) =>
      kube.ensurePrimary({ namespace: canary.namespace, canary, targetName: spec.targetRef.name, template, revision, replicas }),
    scaleCanary: (namespace, targetName, replicas) => kube.scaleDeployment(namespace, targetName, replicas),
    applyRoutes: async (canary, spec, routes, targetSelector) => {
      const serviceName = spec.service.name ?? spec.targetRef.name;
      const services = await kube.ensureServices({
        namespace: canary.namespace,
        canary,
        serviceName,
        port: spec.service.port,
        targetPort: spec.service.targetPort,
        targetSelector,
      });
      if (!services.ok) return services;
      const rules = await router.ensureDestinationRules({ namespace: canary.namespace, serviceName, owner: canary });
      if (!rules.ok) return rules;
      return router.applyRoutes({
        name: serviceName,
        namespace: canary.namespace,
        hosts: [serviceName, ...spec.service.hosts],
        gateways: spec.service.gateways,
        primaryHost: `${serviceName}-primary`,
        canaryHost: `${serviceName}-canary`,
        port: spec.service.port,
        internalMatch: spec.stages.internal?.match,
        routes,
        owner: canary,
      });
    },
    recordEvent: (canary, event) => kube.recordEvent(canary.namespace, canary, event),
    readSecret: (namespace, ref) => kube.readSecretKey(namespace, ref),
  };
}
