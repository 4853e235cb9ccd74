import type { KubernetesPort } from '../adapters/kubernetes/kubernetes-port.js';
import type { RouterPort } from '../adapters/istio/istio-router.js';
import type { ServicesInput } from '../adapters/kubernetes/canary-services.js';
import type { RoutingInput } from '../adapters/istio/virtual-service-plan.js';
import { ALL_TO_PRIMARY, type Routes } from '../core/actions.js';
import type { CanarySpec } from '../schema/canary-spec.js';
import type { CanaryIdentity, ClusterPorts } from './ports.js';
import { canaryServiceName, primaryServiceName, primaryWorkloadName, serviceNameOf } from '../schema/generated-names.js';

/** The runtime's view of the cluster, over the Kubernetes and Istio adapters. */
export function clusterPorts(kube: KubernetesPort, router: RouterPort): ClusterPorts {
  return {
    getCanary: (key) => kube.getCanary(key.namespace, key.name),
    writeStatus: (key, status, resourceVersion) => kube.writeStatus(key.namespace, key.name, status, { resourceVersion }),
    observeWorkloads: (namespace, targetName) => kube.observeWorkloads(namespace, targetName),
    ensurePrimary: (canary, spec, template, revision, replicas) =>
      kube.ensurePrimary({ namespace: canary.namespace, canary, targetName: spec.targetRef.name, template, revision, replicas }),
    scaleCanary: (namespace, targetName, replicas, from) => kube.scaleDeployment(namespace, targetName, replicas, from),
    applyRoutes: async (canary, spec, routes, targetSelector) => {
      // With the target deleted there is no selector to build Services from; the ones in place stay and only the routes move.
      if (Object.keys(targetSelector).length > 0) {
        const services = await kube.ensureServices(servicesInput(canary, spec, targetSelector));
        if (!services.ok) return services;
      }
      const rules = await router.ensureDestinationRules({ namespace: canary.namespace, serviceName: serviceNameOf(spec), owner: canary });
      if (!rules.ok) return rules;
      return router.applyRoutes(routingInput(canary, spec, routes));
    },
    recordEvent: (canary, event) => kube.recordEvent(canary.namespace, canary, event),
    readSecret: (namespace, ref) => kube.readSecretKey(namespace, ref),
    observeAutoscaler: (namespace, targetName) => kube.observeAutoscaler(namespace, targetName),
    observeVirtualServices: (canary) => router.observeVirtualServices(canary.namespace, canary),
    setFinalizer: (key, present) => kube.setFinalizer(key.namespace, key.name, present),
    scalePrimary: (namespace, targetName, replicas) => kube.scaleDeployment(namespace, primaryWorkloadName(targetName), replicas),
    revertPrimary: (canary, spec, revision) => kube.revertPrimary({ namespace: canary.namespace, canary, targetName: spec.targetRef.name, revision }),
    ensurePrimaryAutoscaler: (canary, spec, present) => kube.ensurePrimaryAutoscaler({ namespace: canary.namespace, canary, targetName: spec.targetRef.name, present }),
    handBack: async (canary, spec, targetSelector) => {
      const service = await kube.releaseService(servicesInput(canary, spec, targetSelector));
      if (!service.ok) return service;
      return router.handBackRoutes(routingInput(canary, spec, ALL_TO_PRIMARY));
    },
  };
}

function servicesInput(canary: CanaryIdentity, spec: CanarySpec, targetSelector: Record<string, string>): ServicesInput {
  return { namespace: canary.namespace, canary, serviceName: serviceNameOf(spec), port: spec.service.port, targetPort: spec.service.targetPort, targetSelector };
}

function routingInput(canary: CanaryIdentity, spec: CanarySpec, routes: Routes): RoutingInput {
  const serviceName = serviceNameOf(spec);
  return {
    name: serviceName,
    namespace: canary.namespace,
    hosts: [serviceName, ...spec.service.hosts],
    gateways: spec.service.gateways,
    primaryHost: primaryServiceName(serviceName),
    canaryHost: canaryServiceName(serviceName),
    port: spec.service.port,
    internalMatch: spec.stages.internal?.match,
    routes,
    owner: canary,
  };
}
