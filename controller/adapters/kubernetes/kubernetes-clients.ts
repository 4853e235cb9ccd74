// The API clients every Kubernetes adapter function uses, made once from the
// KubeConfig the runtime passes in. Deployments and Services go through
// `deployments` and `services` (raw JSON, every field kept), never through the
// typed Deployment or Service calls: see json-request.ts. Every client reuses
// keep-alive connections (shared-connections.ts).
import { AppsV1Api, AutoscalingV2Api, CoordinationV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { makeDeploymentJsonApi, type DeploymentJsonApi } from './deployment-json-api.js';
import { makeSendJson, type SendJson } from './json-request.js';
import { makeSharedApiClient } from './shared-connections.js';
import { makeServiceJsonApi, type ServiceJsonApi } from './service-json-api.js';

export interface KubernetesClients {
  readonly kubeConfig: KubeConfig;
  /** Typed; for Deployments only the scale subresource (autoscaling/v1 Scale, fully modelled). */
  readonly apps: AppsV1Api;
  readonly core: CoreV1Api;
  /** Typed autoscaling/v2 HorizontalPodAutoscalers (client-node 1.4.0 models every field of Kubernetes 1.36's v2 HPA). */
  readonly autoscaling: AutoscalingV2Api;
  readonly custom: CustomObjectsApi;
  /** Typed coordination.k8s.io/v1 Leases (leader election: lease-lock.ts). */
  readonly coordination: CoordinationV1Api;
  /** Deployments as the apiserver's JSON. */
  readonly deployments: DeploymentJsonApi;
  /** Services as the apiserver's JSON. */
  readonly services: ServiceJsonApi;
  /** Any request, answered as the apiserver's JSON (the informers' lists). */
  readonly send: SendJson;
}

export function makeKubernetesClients(kubeConfig: KubeConfig): KubernetesClients {
  const send = makeSendJson(kubeConfig);
  return {
    kubeConfig,
    apps: makeSharedApiClient(kubeConfig, AppsV1Api),
    core: makeSharedApiClient(kubeConfig, CoreV1Api),
    autoscaling: makeSharedApiClient(kubeConfig, AutoscalingV2Api),
    custom: makeSharedApiClient(kubeConfig, CustomObjectsApi),
    coordination: makeSharedApiClient(kubeConfig, CoordinationV1Api),
    deployments: makeDeploymentJsonApi(send),
    services: makeServiceJsonApi(send),
    send,
  };
}

/** Request options that send a patch body as a JSON merge patch. */
export const mergePatch = () => setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
/** Request options that send a patch body as a JSON patch (RFC 6902). */
export const jsonPatch = () => setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
