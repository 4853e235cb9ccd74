import type { KubernetesPort } from '../adapters/kubernetes/kubernetes-port.js';
import type { ServicesInput } from '../adapters/kubernetes/canary-services.js';
import type { CanarySpec } from '../schema/canary-spec.js';
import { primaryWorkloadName, serviceNameOf } from '../schema/generated-names.js';
import type { CanaryIdentity, ClusterPorts } from './ports.js';
import type { Routers } from './routers/routers.js';

/**
 * The runtime's view of the cluster: the Kubernetes adapter, and for routes the
 * router of each Canary (routers/routers.ts, createRouters).
 */
export function clusterPorts(kube: KubernetesPort, routers: Routers): ClusterPorts {
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
      const objects = await routers.of(spec).ensureObjects(canary, spec);
      if (!objects.ok) return objects;
      return routers.of(spec).setRoutes(canary, spec, routes);
    },
    recordEvent: (canary, event) => kube.recordEvent(canary.namespace, canary, event),
    readSecret: (namespace, ref) => kube.readSecretKey(namespace, ref),
    observeAutoscaler: (namespace, targetName) => kube.observeAutoscaler(namespace, targetName),
    observeRoutes: (canary, spec) => routers.of(spec).observeRoutes(canary),
    setFinalizer: (key, present) => kube.setFinalizer(key.namespace, key.name, present),
    scalePrimary: (namespace, targetName, replicas) => kube.scaleDeployment(namespace, primaryWorkloadName(targetName), replicas),
    revertPrimary: (canary, spec, revision) => kube.revertPrimary({ namespace: canary.namespace, canary, targetName: spec.targetRef.name, revision }),
    ensurePrimaryAutoscaler: (canary, spec, present) => kube.ensurePrimaryAutoscaler({ namespace: canary.namespace, canary, targetName: spec.targetRef.name, present }),
    handBack: async (canary, spec, targetSelector) => {
      const service = await kube.releaseService(servicesInput(canary, spec, targetSelector));
      if (!service.ok) return service;
      return routers.of(spec).handBack(canary, spec);
    },
  };
}

function servicesInput(canary: CanaryIdentity, spec: CanarySpec, targetSelector: Record<string, string>): ServicesInput {
  return { namespace: canary.namespace, canary, serviceName: serviceNameOf(spec), port: spec.service.port, targetPort: spec.service.targetPort, targetSelector };
}
