// Sends one request to the apiserver and returns its JSON body exactly as the
// apiserver wrote it: no client-node model between the wire and the caller.
//
// Why not the typed clients: @kubernetes/client-node's ObjectSerializer keeps
// only the properties its generated models declare, when it deserializes a
// response and when it serializes a request body. Checked on client-node
// 1.4.0: ObjectSerializer.deserialize(deployment, 'V1Deployment') and
// ObjectSerializer.serialize(deployment, 'V1Deployment') both drop
// spec.template.spec.schedulingGroup (Kubernetes 1.36, absent from its
// V1PodSpec). KubernetesObjectApi does not help for built-in kinds: its
// create/replace/patch serialize the body and its answers are deserialized
// through the model that getSerializationType(apiVersion, kind) names
// ('V1Deployment'); only kinds without a model pass through as raw objects.
// ObjectSerializer.registerModel could register a pass-through model, but the
// registry is process-global, throws on a second registration, and the typed
// AppsV1Api does not consult it.
//
// So this reuses client-node for everything but the (de)serialization: the
// same Configuration makeApiClient builds (server URL, KubeConfig as the auth
// method: tokens, exec plugins, client certificates, CA, skipTLSVerify) and
// the same HTTP library. A non-2xx answer throws client-node's ApiException
// with the body as text, so errorFromException maps it exactly as it maps the
// typed clients' failures.
import {
  ApiException,
  createConfiguration,
  HttpMethod,
  ServerConfiguration,
  type Configuration,
  type KubeConfig,
} from '@kubernetes/client-node';

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  /** Absolute API path, e.g. /apis/apps/v1/namespaces/shop/deployments/web. */
  readonly path: string;
  /** Sent as JSON text, as given. */
  readonly body?: unknown;
  /** Default application/json; e.g. application/merge-patch+json for a PATCH. */
  readonly contentType?: string;
}

/** Sends a request; resolves to the parsed JSON body of a 2xx answer, throws ApiException otherwise. */
export type SendJson = (request: JsonRequest) => Promise<unknown>;

/**
 * A SendJson for the KubeConfig's current context. Throws (a bug, as
 * makeApiClient does) when the KubeConfig has no current cluster.
 */
export function makeSendJson(kubeConfig: KubeConfig): SendJson {
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error('The KubeConfig has no current cluster');
  const configuration: Configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.server, {}),
    authMethods: { default: kubeConfig },
  });
  return async ({ method, path, body, contentType }) => {
    const context = configuration.baseServer.makeRequestContext(path, HttpMethod[method]);
    context.setHeaderParam('Accept', 'application/json');
    if (body !== undefined) {
      context.setHeaderParam('Content-Type', contentType ?? 'application/json');
      context.setBody(JSON.stringify(body));
    }
    await configuration.authMethods.default?.applySecurityAuthentication(context);
    const response = await configuration.httpApi.send(context).toPromise();
    const text = await response.body.text();
    if (response.httpStatusCode < 200 || response.httpStatusCode > 299) {
      throw new ApiException(response.httpStatusCode, `HTTP ${response.httpStatusCode} from ${method} ${path}`, text, response.headers);
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // A 2xx that is not JSON: errorFromException reports it as an unexpected answer.
      throw new ApiException(response.httpStatusCode, `${method} ${path} answered ${response.httpStatusCode} without a JSON body`, text.slice(0, 200), response.headers);
    }
  };
}
