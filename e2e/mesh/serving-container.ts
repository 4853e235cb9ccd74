// Which container of a pod answers a Service's requests, and so whose process
// env the demo app (and its Sentry SDK) runs with. A Service's `targetPort`
// (a number, or the name of a container port; the Service `port` when unset)
// reaches the container that declares that port, whatever its position in
// the pod template: a proxy or agent sidecar listed first does not serve.
import type { V1Container, V1ServicePort } from '@kubernetes/client-node';

/**
 * The container declaring the first Service port's target (a `containerPort`
 * number, or a port `name` for a named targetPort); else the only container;
 * else the first one. `undefined` when the template has no containers.
 * Source: Kubernetes Service docs, "Defining a Service" (targetPort, named
 * ports): https://kubernetes.io/docs/concepts/services-networking/service/
 */
export function servingContainer(containers: readonly V1Container[], servicePorts: readonly V1ServicePort[]): V1Container | undefined {
  const port = servicePorts[0];
  const target = port?.targetPort ?? port?.port;
  const declares = (c: V1Container) =>
    (c.ports ?? []).some((p) => (typeof target === 'number' || /^\d+$/.test(String(target)) ? p.containerPort === Number(target) : p.name === target));
  if (target !== undefined) {
    const found = containers.find(declares);
    if (found) return found;
  }
  return containers[0];
}
